// Percentiles and small helpers for the bench's figures.

/** Nearest-rank percentile of a list of numbers (p in 0..100). */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** Runs fn over items with at most `limit` in flight; rejects with the first failure. */
export async function runBounded(items, limit, fn) {
  let next = 0;
  let failed = null;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        await fn(items[i], i);
      } catch (e) {
        failed ??= e;
      }
    }
  });
  await Promise.all(lanes);
  if (failed) throw failed;
}

export const round = (n, digits = 2) => {
  if (!Number.isFinite(n)) return n;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** Rows of cells as aligned text lines: the header, a rule under it, then the rows. */
export function tableLines(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => [...row[i]].length)));
  const line = (row) =>
    row
      .map((c, i) => c + ' '.repeat(widths[i] - [...c].length))
      .join('  ')
      .trimEnd();
  return [
    line(rows[0]),
    line(rows[0].map((_, i) => '-'.repeat(widths[i]))),
    ...rows.slice(1).map(line),
  ];
}
