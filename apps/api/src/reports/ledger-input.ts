import type { DataSource } from 'typeorm';
import { FindingEntity, type RoundEntity } from '@rectiflow/persistence';
import { departmentFigures, type ExportInput, type RoundInfo } from '@rectiflow/reports';
import type { AuthUser } from '../auth/auth.decorators';
import { seesAllFindings, type FindingsService } from '../findings/findings.service';
import { outcomeSums, outcomeSumsByFinding } from '../outcomes/outcomes.service';
import { recordCountsByDepartment, supervisionCountsByFinding } from '../supervision/record-counts';
import type { FindingContents, RoundContentsReader } from './round-contents';

export function roundInfo(round: RoundEntity): RoundInfo {
  return {
    title: round.title,
    source: round.source,
    inspectingBody: round.inspectingBody,
    feedbackDate: round.feedbackDate,
    dueAt: round.dueAt,
    nextSteps: round.nextSteps,
  };
}

/** The round's findings `actor` may see (alias `f`), for SQL sums over them. */
export function roundFindings(
  dataSource: DataSource,
  findings: FindingsService,
  roundId: string,
  actor: AuthUser,
) {
  const qb = dataSource
    .getRepository(FindingEntity)
    .createQueryBuilder('f')
    .where('f.roundId = :roundId', { roundId });
  return findings.scope(qb, actor);
}

export function figureFinding(f: FindingContents) {
  return {
    leadDepartmentId: f.row.leadDepartmentId,
    stage: f.row.stage,
    overdue: f.summary.overdue,
    dueAt: f.row.dueAt,
    closedAt: f.row.closedAt,
    sentBackCount: f.row.sentBackCount,
    escalated: f.escalated,
    accountabilityCount: f.row.accountabilityCount,
  };
}

/**
 * What 整改台账 says of `round` as `actor` may see it at `now`: every finding's row, the
 * departments' figures and the outcome sums. A department's staff get the rows of their
 * department's findings only. Runs on an export thread (exports/read-model-tasks.ts), which
 * reads the read model itself: thousands of rows are never read or shaped on the API's loop.
 */
export async function ledgerInput(
  dataSource: DataSource,
  contents: RoundContentsReader,
  findings: FindingsService,
  round: RoundEntity,
  actor: AuthUser,
  now: Date,
): Promise<{ input: ExportInput<'ledger'>; findings: number }> {
  const roundId = round.id;
  const c = await contents.read(round, actor, now);
  const name = (id: string | null) => (id ? (c.users.get(id)?.displayName ?? null) : null);
  const deptName = new Map(c.departments.map((d) => [d.id, d.name]));
  const supervision = await supervisionCountsByFinding(dataSource, { roundId });
  const outcomesOf = await outcomeSumsByFinding(
    roundFindings(dataSource, findings, roundId, actor),
  );
  const outcomes = await outcomeSums(
    roundFindings(dataSource, findings, roundId, actor).andWhere('NOT f.withdrawn'),
  );
  const recordCounts = await recordCountsByDepartment(dataSource, actor, { roundId });
  const ownOnly = !seesAllFindings(actor);
  const departments = ownOnly
    ? c.departments.filter((d) => d.id === actor.departmentId)
    : c.departments;
  const input: ExportInput<'ledger'> = {
    round: roundInfo(round),
    asOf: now.toISOString(),
    departmentOnly: ownOnly ? (departments[0]?.name ?? null) : null,
    outcomes,
    // A withdrawn finding (撤回) is listed, marked, but in no figure.
    departments: departmentFigures(
      departments,
      c.findings.filter((f) => !f.row.withdrawn).map(figureFinding),
      recordCounts,
    ),
    findings: c.findings.map((f) => ({
      code: f.row.code,
      areaTitle: f.row.areaTitle,
      themeTitle: f.row.themeTitle,
      title: f.row.title,
      measures: f.measures,
      responsibleLeader: name(f.row.responsibleLeaderId),
      leadDepartment: f.row.leadDepartmentId
        ? (deptName.get(f.row.leadDepartmentId) ?? null)
        : null,
      coDepartments: f.row.coDepartmentIds.map((id) => deptName.get(id) ?? id),
      dueAt: f.row.dueAt,
      stage: f.row.stage,
      longTerm: f.row.longTerm,
      light: f.summary.light,
      escalationLevel: f.row.escalationLevel,
      sentBackCount: f.row.sentBackCount,
      accountabilityCount: f.row.accountabilityCount,
      closedAt: f.row.closedAt,
      evidence: f.evidence,
      withdrawn: f.row.withdrawn,
      overdue: f.summary.overdue,
      escalated: f.escalated,
      ...supervision(f.row.id),
      outcomes: outcomesOf.get(f.row.id),
    })),
  };
  return { input, findings: c.findings.length };
}
