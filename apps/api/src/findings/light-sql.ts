import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Light } from '@rectiflow/domain';

/**
 * The 红黄绿灯 of findings in SQL, as `lightFor` (libs/domain) derives them from the next due
 * time: red once it has passed, yellow within the warning window, green otherwise. A finding
 * not yet assigned (stage `assign`) is 待交办, counted apart from the lights; a closed finding
 * with no look-back pending has no light, nor has a withdrawn one (撤回). The conditions take the parameters `lightNow` and
 * `lightWarn` (ISO times) that `lightParameters` gives.
 */
export function lightConditions(alias = 'f'): Record<Light | 'unassigned', string> {
  const a = alias;
  const live = `NOT ${a}.withdrawn`;
  const lit = `${live} AND ${a}.stage <> 'assign' AND (${a}.stage <> 'closed' OR ${a}.nextDueAt IS NOT NULL)`;
  return {
    unassigned: `${live} AND ${a}.stage = 'assign'`,
    red: `${lit} AND ${a}.nextDueAt < :lightNow`,
    yellow: `${lit} AND ${a}.nextDueAt >= :lightNow AND ${a}.nextDueAt <= :lightWarn`,
    green: `${lit} AND (${a}.nextDueAt IS NULL OR ${a}.nextDueAt > :lightWarn)`,
  };
}

export function lightParameters(now: Date, warnBeforeMs: number): Record<string, string> {
  return {
    lightNow: now.toISOString(),
    lightWarn: new Date(now.getTime() + warnBeforeMs).toISOString(),
  };
}

/** Adds `SUM(CASE WHEN … THEN 1 ELSE 0 END) AS light_<name>` for each light and 待交办. */
export function selectLightCounts<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  now: Date,
  warnBeforeMs: number,
  alias = 'f',
): SelectQueryBuilder<T> {
  for (const [name, condition] of Object.entries(lightConditions(alias))) {
    qb.addSelect(`SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`, `light_${name}`);
  }
  return qb.setParameters(lightParameters(now, warnBeforeMs));
}

/**
 * The dashboard's headline conditions, shared by its counts and by the findings list's filters
 * (`GET /api/findings?overdue=true&escalated=true…`), so that a list drilled down from a figure
 * holds exactly the findings that figure counts. Overdue as a finding's own light says
 * (findingSummary): live, with a next due time passed (takes `lightNow`).
 */
export function overdueCondition(a = 'f'): string {
  return `(NOT ${a}.withdrawn AND (${a}.stage <> 'closed' OR ${a}.nextDueAt IS NOT NULL) AND ${a}.nextDueAt < :lightNow)`;
}

/**
 * Escalated: on the ladder now, or ever (a resolved escalation record counts too). An
 * uncorrelated IN: the escalated findings' ids are read once per query (SQLite: one ephemeral
 * table; PostgreSQL: a hashed subplan) instead of one index probe per finding, which at 100,000
 * findings was most of a dashboard aggregate's time (`findingId` is never null, so NOT IN is
 * NOT EXISTS).
 */
export function escalatedCondition(a = 'f'): string {
  return `(${a}.escalationLevel > 0 OR ${a}.id IN (SELECT "e"."findingId" FROM "escalations" "e"))`;
}
