/** @param {number[]} values @param {number} p 0..100 */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return /** @type {number} */ (sorted[rank]);
}

/** @param {number[]} values */
export const median = (values) => percentile(values, 50);

/** @param {number} n @param {number} [digits] */
export const round = (n, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);
