import type { AuthUser } from '../auth/auth.decorators';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import { dueDayEnd, zonedDay, type Stage } from '@rectiflow/domain';
import {
  DepartmentEntity,
  FindingEntity,
  UserEntity,
  type RoundEntity,
} from '@rectiflow/persistence';
import {
  buildProgressReport,
  departmentFigures,
  renderProgressReportText,
  reportTitle,
  type ProgressReportInput,
  type ReportFinding,
  type RoundInfo,
} from '@rectiflow/reports';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG } from '../config/config.module';
import { ExportPool } from '../exports/export-pool';
import { FindingsService, seesAllFindings } from '../findings/findings.service';
import { fieldError } from '../http/field-errors';
import { outcomeSums, outcomeSumsByFinding } from '../outcomes/outcomes.service';
import { RoundsService } from '../rounds/rounds.service';
import { recordCountsByDepartment, supervisionCountsByFinding } from '../supervision/record-counts';
import type { ReportVersion } from '@rectiflow/domain';
import type { ReportFormat } from './dto/report-query.dto';
import { findingsAsOf, presentAt, type FindingAsOf } from './figures-as-of';
import { RoundContentsReader, yieldToLoop, type FindingContents } from './round-contents';
import { publicCommentCounts } from '../public-comments/public-comment-counts';

export interface DownloadFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function roundInfo(round: RoundEntity): RoundInfo {
  return {
    title: round.title,
    source: round.source,
    inspectingBody: round.inspectingBody,
    feedbackDate: round.feedbackDate,
    dueAt: round.dueAt,
    nextSteps: round.nextSteps,
  };
}

/** A file name without characters that file systems or headers refuse. */
function safeName(title: string): string {
  return (
    title
      .replace(/[\\/:*?"<>|\r\n\t]+/g, ' ')
      .trim()
      .slice(0, 80) || 'round'
  );
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

/** The public version's text, ready to be frozen as a publication. */
export interface PublicReportText {
  title: string;
  text: string;
  withheldCount: number;
}

/** The ledger, the progress report and the import template: read-model data → file bytes. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rounds: RoundsService,
    private readonly contents: RoundContentsReader,
    private readonly audit: AuditService,
    private readonly findings: FindingsService,
    private readonly exports: ExportPool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The round's findings the caller may see (alias `f`), for SQL sums over them. */
  private roundFindings(roundId: string, actor: AuthUser) {
    const qb = this.dataSource
      .getRepository(FindingEntity)
      .createQueryBuilder('f')
      .where('f.roundId = :roundId', { roundId });
    return this.findings.scope(qb, actor);
  }

  /**
   * The moment `?asOf=` stands for: the end of that calendar day in ORG_TIMEZONE, or now when
   * that is today. A later day, or no such day, is refused naming `asOf`.
   */
  asOfMoment(day: string, now = new Date()): Date {
    const timeZone = this.config.env.ORG_TIMEZONE;
    const end = dueDayEnd(day, timeZone);
    if (end === day) throw fieldError('asOf', 'is_iso8601', 'asOf must be a date as YYYY-MM-DD');
    if (day > zonedDay(now.getTime(), timeZone))
      throw fieldError('asOf', 'date_in_future', 'asOf must not be later than today');
    return new Date(Math.min(Date.parse(end), now.getTime()));
  }

  /** 整改台账. A department's staff get the rows of their department's findings only. */
  async ledger(roundId: string, actor: AuthUser): Promise<DownloadFile> {
    const round = await this.rounds.mustSee(roundId, actor);
    const now = new Date();
    const c = await this.contents.read(round, actor, now);
    const name = (id: string | null) => (id ? (c.users.get(id)?.displayName ?? null) : null);
    const deptName = new Map(c.departments.map((d) => [d.id, d.name]));
    // Grouped sums, one statement each, the loop let go in between (see RoundContentsReader).
    const supervision = await supervisionCountsByFinding(this.dataSource, { roundId });
    await yieldToLoop();
    const outcomesOf = await outcomeSumsByFinding(this.roundFindings(roundId, actor));
    await yieldToLoop();
    const outcomes = await outcomeSums(
      this.roundFindings(roundId, actor).andWhere('NOT f.withdrawn'),
    );
    await yieldToLoop();
    const recordCounts = await recordCountsByDepartment(this.dataSource, actor, { roundId });
    await yieldToLoop();
    const ownOnly = !seesAllFindings(actor);
    const departments = ownOnly
      ? c.departments.filter((d) => d.id === actor.departmentId)
      : c.departments;
    const input = {
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
    // The workbook is built on a worker thread: thousands of rows never hold the event loop.
    const body = await this.exports.build('ledger', input);
    await this.audit.record({
      actorId: actor.userId,
      action: 'round.ledger_exported',
      entityType: 'round',
      entityId: round.id,
      unitId: round.unitId,
      data: { findings: c.findings.length },
    });
    return { filename: `${safeName(round.title)}-整改台账.xlsx`, contentType: XLSX, body };
  }

  /**
   * 整改进展情况的通报, generated from the data; it re-imports into the same tree. `internal`
   * (向党内通报) tells every finding; `public` (向社会通报) leaves out the withheld ones and
   * says how many it left out.
   */
  async report(
    roundId: string,
    format: ReportFormat,
    actor: AuthUser,
    version: ReportVersion = 'internal',
    asOfDay?: string,
  ): Promise<DownloadFile> {
    const now = new Date();
    const at = asOfDay ? this.asOfMoment(asOfDay, now).toISOString() : null;
    const round = await this.rounds.mustSee(roundId, actor);
    const { input, findings } = await this.reportInput(round, actor, now, version, at);
    await this.audit.record({
      actorId: actor.userId,
      action: 'round.report_exported',
      entityType: 'round',
      entityId: round.id,
      unitId: round.unitId,
      data: { format, version, findings, ...(asOfDay ? { asOf: asOfDay } : {}) },
    });
    const filename = `${safeName(round.title)}-整改进展情况的通报${version === 'public' ? '（公开版）' : ''}`;
    // Shaped into blocks and written out (docx or Markdown) on a worker thread.
    const body = await this.exports.build('progressReport', { format, report: input });
    return format === 'docx'
      ? { filename: `${filename}.docx`, contentType: DOCX, body }
      : { filename: `${filename}.md`, contentType: 'text/markdown; charset=utf-8', body };
  }

  /**
   * The public version as plain text for a publication (公开), as of now, closing with the
   * window being published and the round's contacts.
   */
  async publicText(
    round: RoundEntity,
    actor: AuthUser,
    window: { from: string; to: string },
  ): Promise<PublicReportText> {
    const now = new Date();
    const { input } = await this.reportInput(round, actor, now, 'public', null);
    input.publication = {
      phone: null,
      email: null,
      address: null,
      postcode: null,
      ...round.publication,
      from: window.from,
      to: window.to,
    };
    const withheldCount = input.areas
      .flatMap((a) => a.themes.flatMap((t) => t.findings))
      .filter((f) => f.withheld).length;
    return {
      title: reportTitle(input),
      text: renderProgressReportText(buildProgressReport(input)),
      withheldCount,
    };
  }

  private async reportInput(
    round: RoundEntity,
    actor: AuthUser,
    now: Date,
    version: ReportVersion,
    /** The end of the `asOf` day (its figures from the history), or null: as of now. */
    at: string | null,
  ): Promise<{ input: ProgressReportInput; findings: number }> {
    const roundId = round.id;
    const c = await this.contents.read(round, actor, now);
    const history = at ? await findingsAsOf(this.roundFindings(roundId, actor), at) : null;
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
        this.dataSource,
        actor,
        round.id,
        undefined,
        at ?? undefined,
      ),
      outcomes: await outcomeSums(
        at
          ? presentAt(this.roundFindings(roundId, actor), at)
          : this.roundFindings(roundId, actor).andWhere('NOT f.withdrawn'),
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

  /** The XLSX import template, with the organisation's department codes and leaders. */
  async importTemplate(): Promise<DownloadFile> {
    const [departments, users] = await Promise.all([
      this.dataSource.getRepository(DepartmentEntity).find({ order: { code: 'ASC' } }),
      this.dataSource.getRepository(UserEntity).find({ order: { username: 'ASC' } }),
    ]);
    const body = await this.exports.build('importTemplate', {
      departments: departments.map((d) => ({ code: d.code, name: d.name })),
      leaders: users
        .filter((u) => u.roles.includes('leader'))
        .map((u) => ({ username: u.username, displayName: u.displayName })),
    });
    return { filename: '反馈问题导入模板.xlsx', contentType: XLSX, body };
  }
}
