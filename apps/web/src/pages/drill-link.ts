/**
 * The findings list a figure drills down to: the filters go in the address (shareable).
 * Apart from the dashboard so that the home page links to the same lists without loading the
 * dashboard's charts (ECharts) with the inbox.
 */
export function drillLink(
  roundId: string | undefined,
  filters: Record<string, string | boolean | undefined>,
): string {
  const p = new URLSearchParams();
  if (roundId) p.set('roundId', roundId);
  for (const [k, v] of Object.entries(filters)) if (v !== undefined) p.set(k, String(v));
  return `/findings?${p.toString()}`;
}
