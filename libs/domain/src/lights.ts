import type { Light } from './vocabulary';

/**
 * The 红黄绿灯 of the genre, derived from a due time and "now" (never stored, so it cannot go
 * stale): red once overdue, yellow within `warnBeforeMs` of the due time, green otherwise.
 */
export function lightFor(
  dueAt: string | Date | null | undefined,
  now: Date,
  warnBeforeMs: number,
): Light {
  if (!dueAt) return 'green';
  const due = typeof dueAt === 'string' ? Date.parse(dueAt) : dueAt.getTime();
  if (Number.isNaN(due)) return 'green';
  const t = now.getTime();
  if (t > due) return 'red';
  if (t >= due - warnBeforeMs) return 'yellow';
  return 'green';
}

const LIGHT_RANK: Record<Light, number> = { green: 0, yellow: 1, red: 2 };

/** A finding shows the worst light of its open tasks. */
export function worstLight(lights: Iterable<Light>): Light {
  let worst: Light = 'green';
  for (const l of lights) if (LIGHT_RANK[l] > LIGHT_RANK[worst]) worst = l;
  return worst;
}
