import type { SelectQueryBuilder } from 'typeorm';
import { TASK_KIND_SPECS } from '@rectiflow/finding-machine';
import type { Stage, TaskKind } from '@rectiflow/domain';
import type { FindingEntity } from '@rectiflow/persistence';

/**
 * A finding as it stood at a past moment (`?asOf=` of the report), read from the recorded
 * history in SQL. Which history each part comes from:
 * - present: the finding row's `createdAt` at or before the moment, and no `finding.withdrawn`
 *   audit event at or before it (withdrawal is only ever done once, never undone);
 * - stage: the kind of the stage task (a task whose kind sets the stage: assign, draft_measures,
 *   approve_measures, submit_evidence, review_1..3, stage_report) that was open then — created at
 *   or before the moment and not completed or cancelled by then (`tasks.createdAt`,
 *   `completedAt`; the machine closes one stage task and opens the next at the same instant, so
 *   exactly one is open while the finding is not closed). None open: closed, since the last
 *   stage task's completion (`closedAt` as of then); a look-back relapse opens a new one;
 * - overdue: that open stage task's due time (`tasks.dueAt`) had passed. A task's due time is
 *   kept as last set: a deadline moved after the moment counts as moved;
 * - sent back: review rejections (`reviews`, level 1–3) made by then; escalated: an escalation
 *   record created by then (`escalations.createdAt`); accountability: `finding.accountability`
 *   audit events by then;
 * - the long-term flag is the finding's own (set at assignment, counted only once assigned);
 * - measures: the current cycle's measures once its stage was past drafting (measures carry no
 *   time of their own; a finding still at draft_measures then counts none).
 */
export interface FindingAsOf {
  id: string;
  present: boolean;
  stage: Stage;
  overdue: boolean;
  closedAt: string | null;
  sentBackCount: number;
  escalated: boolean;
  accountabilityCount: number;
  /** A stage step was taken after the moment (its 整改报告 may have changed since). */
  changedSince: boolean;
}

/**
 * A finding (alias `f`) was there at the time in parameter `param`: its row created by then and
 * no `finding.withdrawn` audit event at or before it.
 */
function presentCondition(param: string): string {
  return `f.createdAt <= :${param} AND NOT EXISTS (SELECT 1 FROM audit_events wa WHERE wa."findingId" = f.id AND wa.action = 'finding.withdrawn' AND wa.at <= :${param})`;
}

/** Task kind → the stage it sets, from the finding machine's registry of kinds. */
const STAGE_OF_KIND = new Map<TaskKind, Stage>(
  Object.values(TASK_KIND_SPECS)
    .filter((s) => s.stage !== null)
    .map((s) => [s.kind, s.stage as Stage]),
);
const STAGE_KINDS = [...STAGE_OF_KIND.keys()];

/** One row per finding of `findings` (alias `f`), as of `asOf` (an ISO time). */
export async function findingsAsOf(
  findings: SelectQueryBuilder<FindingEntity>,
  asOf: string,
): Promise<Map<string, FindingAsOf>> {
  const openStageTask = `t."findingId" = f.id AND t.kind IN (:...stageKinds) AND t."createdAt" <= :asOf AND (t."completedAt" IS NULL OR t."completedAt" > :asOf)`;
  const rows = await findings
    .clone()
    .select('f.id', 'id')
    .addSelect(`CASE WHEN ${presentCondition('asOf')} THEN 1 ELSE 0 END`, 'present')
    .addSelect(
      `(SELECT t.kind FROM tasks t WHERE ${openStageTask} ORDER BY t."createdAt" DESC, t.id DESC LIMIT 1)`,
      'openKind',
    )
    .addSelect(
      `CASE WHEN EXISTS (SELECT 1 FROM tasks t WHERE ${openStageTask} AND t."dueAt" IS NOT NULL AND t."dueAt" < :asOf) THEN 1 ELSE 0 END`,
      'overdue',
    )
    .addSelect(
      `(SELECT MAX(t."completedAt") FROM tasks t WHERE t."findingId" = f.id AND t.kind IN (:...stageKinds) AND t."completedAt" <= :asOf)`,
      'lastCompleted',
    )
    .addSelect(
      `(SELECT COUNT(*) FROM reviews r WHERE r."findingId" = f.id AND r.level >= 1 AND r.decision = 'reject' AND r.at <= :asOf)`,
      'sentBack',
    )
    .addSelect(
      `CASE WHEN EXISTS (SELECT 1 FROM escalations e WHERE e."findingId" = f.id AND e."createdAt" <= :asOf) THEN 1 ELSE 0 END`,
      'escalated',
    )
    .addSelect(
      `(SELECT COUNT(*) FROM audit_events a WHERE a."findingId" = f.id AND a.action = 'finding.accountability' AND a.at <= :asOf)`,
      'accountability',
    )
    .addSelect(
      `CASE WHEN EXISTS (SELECT 1 FROM tasks t WHERE t."findingId" = f.id AND t.kind IN (:...stageKinds) AND t."completedAt" > :asOf) THEN 1 ELSE 0 END`,
      'changedSince',
    )
    .setParameters({ asOf, stageKinds: STAGE_KINDS })
    .getRawMany<Record<string, string | number | null>>();
  const out = new Map<string, FindingAsOf>();
  for (const r of rows) {
    const kind = r.openKind as TaskKind | null;
    // No stage task open: closed since the last one's completion — or, with none completed
    // either, not started yet at that instant (its first task written a moment after its row).
    const stage: Stage = kind
      ? (STAGE_OF_KIND.get(kind) ?? 'assign')
      : r.lastCompleted
        ? 'closed'
        : 'assign';
    out.set(String(r.id), {
      id: String(r.id),
      present: Number(r.present) === 1,
      stage,
      overdue: stage !== 'closed' && Number(r.overdue) === 1,
      closedAt: stage === 'closed' ? ((r.lastCompleted as string | null) ?? null) : null,
      sentBackCount: Number(r.sentBack ?? 0),
      escalated: Number(r.escalated) === 1,
      accountabilityCount: Number(r.accountability ?? 0),
      changedSince: Number(r.changedSince) === 1,
    });
  }
  return out;
}

/** The findings of a query present at `asOf` (alias `f`): created by then, not withdrawn by then. */
export function presentAt(
  findings: SelectQueryBuilder<FindingEntity>,
  asOf: string,
): SelectQueryBuilder<FindingEntity> {
  return findings.andWhere(presentCondition('presentAt'), { presentAt: asOf });
}
