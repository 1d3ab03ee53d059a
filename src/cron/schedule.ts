/** A five-field cron expression (minute hour day-of-month month day-of-week), in UTC. */
export interface Schedule {
  readonly source: string;
  matches(time: number): boolean;
}

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
] as const;

/**
 * Parses `*`, `n`, `a-b`, `*\/n`, `a-b/n` and comma lists; throws with what is wrong.
 *
 * @example
 * parseSchedule("*\/10 * * * *").matches(Date.UTC(2026, 0, 1, 0, 20)) // true
 */
export function parseSchedule(source: string): Schedule {
  const parts = source.trim().split(/\s+/);
  if (parts.length !== 5)
    throw new Error(`cron "${source}" needs 5 fields (minute hour day month weekday)`);
  const sets = parts.map((part, i) =>
    parseField(part, FIELDS[i] as (typeof FIELDS)[number], source),
  );
  const [minutes, hours, days, months, weekdays] = sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  if (weekdays.has(7)) weekdays.add(0);
  const dayRestricted = parts[2] !== "*";
  const weekdayRestricted = parts[4] !== "*";
  return {
    source,
    matches(time) {
      const d = new Date(time);
      const dayOk = days.has(d.getUTCDate());
      const weekdayOk = weekdays.has(d.getUTCDay());
      // Classic cron: when both day fields are restricted, either may match.
      const dateOk = dayRestricted && weekdayRestricted ? dayOk || weekdayOk : dayOk && weekdayOk;
      return (
        minutes.has(d.getUTCMinutes()) &&
        hours.has(d.getUTCHours()) &&
        months.has(d.getUTCMonth() + 1) &&
        dateOk
      );
    },
  };
}

function parseField(part: string, field: (typeof FIELDS)[number], source: string): Set<number> {
  const out = new Set<number>();
  const bad = () =>
    new Error(`cron "${source}": bad ${field.name} "${part}" (allowed ${field.min}-${field.max})`);
  for (const item of part.split(",")) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!m) throw bad();
    const step = m[4] ? Number(m[4]) : 1;
    const from = m[1] === "*" ? field.min : Number(m[2]);
    const to =
      m[1] === "*" ? field.max : m[3] !== undefined ? Number(m[3]) : m[4] ? field.max : from;
    if (step < 1 || from < field.min || to > field.max || from > to) throw bad();
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}
