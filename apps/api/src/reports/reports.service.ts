import type { AuthUser } from '../auth/auth.decorators';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import { dueDayEnd, zonedDay, type Stage } from '@rectiflow/domain';
import { DepartmentEntity, UserEntity, type RoundEntity } from '@rectiflow/persistence';
import {
  buildProgressReport,
  renderProgressReportText,
  reportTitle,
  type ProgressReportInput,
  type ReportFinding,
} from '@rectiflow/reports';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG } from '../config/config.module';
import { ExportPool } from '../exports/export-pool';
import { FindingsService } from '../findings/findings.service';
import { fieldError } from '../http/field-errors';
import { outcomeSums } from '../outcomes/outcomes.service';
import { RoundsService } from '../rounds/rounds.service';
import type { ReportVersion } from '@rectiflow/domain';
import type { ReportFormat } from './dto/report-query.dto';
import { findingsAsOf, presentAt, type FindingAsOf } from './figures-as-of';
import { roundFindings, roundInfo } from './ledger-input';
import { RoundContentsReader, type FindingContents } from './round-contents';
import { publicCommentCounts } from '../public-comments/public-comment-counts';

export interface DownloadFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A file name without characters that file systems or headers refuse. */
function safeName(title: string): string {
  return (
    title
      .replace(/[\\/:*?"<>|\r\n\t]+/g, ' ')
      .trim()
      .slice(0, 80) || 'round'
  );
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
    return roundFindings(this.dataSource, this.findings, roundId, actor);
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

  /**
   * 整改台账. A department's staff get the rows of their department's findings only. Read and
   * built on an export thread (ledger-input.ts): a round of thousands of findings never holds
   * the event loop, not even to read it.
   */
  async ledger(roundId: string, actor: AuthUser): Promise<DownloadFile> {
    const round = await this.rounds.mustSee(roundId, actor);
    const { body, findings } = await this.exports.read({
      task: 'ledger',
      round,
      actor,
      now: new Date().toISOString(),
    });
    await this.audit.record({
      actorId: actor.userId,
      action: 'round.ledger_exported',
      entityType: 'round',
      entityId: round.id,
      unitId: round.unitId,
      data: { findings },
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
