import type { DataSource } from 'typeorm';
import { FindingEntity, type RoundEntity } from '@rectiflow/persistence';
import type { ReportVersion, Stage } from '@rectiflow/domain';
import {
  departmentFigures,
  type ExportInput,
  type ProgressReportInput,
  type ReportFinding,
  type RoundInfo,
} from '@rectiflow/reports';
import type { AuthUser } from '../auth/auth.decorators';
import { seesAllFindings, type FindingsService } from '../findings/findings.service';
import { outcomeSums, outcomeSumsByFinding } from '../outcomes/outcomes.service';
import { recordCountsByDepartment, supervisionCountsByFinding } from '../supervision/record-counts';
import { publicCommentCounts } from '../public-comments/public-comment-counts';
import { findingsAsOf, presentAt, type FindingAsOf } from './figures-as-of';
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

/** Stages at which a finding's measures of the cycle were already drafted. */
const DRAFTED: ReadonlySet<Stage> = new Set(['assign', 'draft_measures']);

/**
 * A finding as the report tells it as of a past moment (figures-as-of.ts says which history each
 * part comes from). The department's 整改报告 and the latest stage report are the current ones
 * only where no stage step was taken since; otherwise those written by then are not told.
 */
function reportFindingAsOf(f: FindingContents, h: FindingAsOf, asOf: string): ReportFinding {
  const now = reportFinding(f);
  return {
    ...now,
    stage: h.stage,
    measures: DRAFTED.has(h.stage) ? [] : now.measures,
    overdue: h.overdue,
    closedAt: h.closedAt,
    sentBackCount: h.sentBackCount,
    escalated: h.escalated,
    accountabilityCount: h.accountabilityCount,
    lastReport: h.changedSince ? null : now.lastReport,
    latestStageReport:
      now.latestStageReport && now.latestStageReport.at <= asOf ? now.latestStageReport : null,
  };
}

/** One finding as the progress report tells it. */
function reportFinding(f: FindingContents): ReportFinding {
  return {
    code: f.row.code,
    title: f.row.title,
    measures: f.measures,
    stage: f.row.stage,
    longTerm: f.row.longTerm,
    overdue: f.summary.overdue,
    sentBackCount: f.row.sentBackCount,
    escalated: f.escalated,
    accountabilityCount: f.row.accountabilityCount,
    dueAt: f.row.dueAt,
    closedAt: f.row.closedAt,
    lastReport: f.row.lastReport,
    latestStageReport: f.latestStageReport
      ? {
          report: f.latestStageReport.report,
          at: f.latestStageReport.at,
          finalStage: f.latestStageReport.finalStage,
        }
      : null,
    longTermEntry: f.longTermEntry
      ? { title: f.longTermEntry.title, progress: f.longTermEntry.progress }
      : null,
    withheld: f.row.withheld,
  };
}

/** What the progress report is made of: as of `now`, or as of `at` from the history. */
export interface ProgressReportOf {
  round: RoundEntity;
  actor: AuthUser;
  now: Date;
  version: ReportVersion;
  /** The end of the `asOf` day (its figures from the history), or null: as of now. */
  at: string | null;
}

/**
 * 整改进展情况的通报's input: the round's areas, themes and findings as `actor` may see them, as
 * of now or as they stood at `at`. Read on an export thread for a file (read-model-tasks.ts), on
 * the API's loop for a publication's text.
 */
export async function progressReportInput(
  dataSource: DataSource,
  contents: RoundContentsReader,
  findings: FindingsService,
  { round, actor, now, version, at }: ProgressReportOf,
): Promise<{ input: ProgressReportInput; findings: number }> {
  const roundId = round.id;
  const c = await contents.read(round, actor, now);
  const history = at
    ? await findingsAsOf(roundFindings(dataSource, findings, roundId, actor), at)
    : null;
  /** As of now: every finding not withdrawn; as of a day: those present then, as they stood. */
  const told = (f: FindingContents): ReportFinding | null => {
    if (!history || !at) return f.row.withdrawn ? null : reportFinding(f);
    const h = history.get(f.row.id);
    return h?.present ? reportFindingAsOf(f, h, at) : null;
  };
  const input: ProgressReportInput = {
    round: roundInfo(round),
    publication: round.publication,
    asOf: at ?? now.toISOString(),
    version,
    // As they stood at the report's moment: received by then, handled by then.
    publicComments: await publicCommentCounts(
      dataSource,
      actor,
      round.id,
      undefined,
      at ?? undefined,
    ),
    outcomes: await outcomeSums(
      at
        ? presentAt(roundFindings(dataSource, findings, roundId, actor), at)
        : roundFindings(dataSource, findings, roundId, actor).andWhere('NOT f.withdrawn'),
      at ?? undefined,
    ),
    // A finding the office withdrew (imported by mistake) is no finding of the report, and a
    // theme or area left with none is not told.
    areas: c.areas
      .map((a) => ({
        title: a.title,
        themes: a.themes
          .map((t) => ({
            title: t.title,
            findings: t.findings.map(told).filter((f): f is ReportFinding => f !== null),
          }))
          .filter((t) => t.findings.length > 0),
      }))
      .filter((a) => a.themes.length > 0),
  };
  return { input, findings: c.findings.length };
}
