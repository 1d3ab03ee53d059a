/** A moment as the dashboard shows it: UTC, to the second ("2025-01-31 12:00:00 UTC"). */
export function when(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** Time left until `until`, rounded up to minutes ("1 h 05 min", "3 min"). */
export function timeLeft(until: number, now: number): string {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
}
