import type { AuthUser } from '../auth/auth.decorators';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import { dueDayEnd, zonedDay, type ReportVersion } from '@rectiflow/domain';
import { DepartmentEntity, UserEntity, type RoundEntity } from '@rectiflow/persistence';
import {
  buildProgressReport,
  renderProgressReportText,
  reportTitle,
  type ProgressReportInput,
} from '@rectiflow/reports';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG } from '../config/config.module';
import { ExportPool } from '../exports/export-pool';
import { FindingsService } from '../findings/findings.service';
import { fieldError } from '../http/field-errors';
import { RoundsService } from '../rounds/rounds.service';
import type { ReportFormat } from './dto/report-query.dto';
import { progressReportInput } from './round-inputs';
import { RoundContentsReader } from './round-contents';

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
   * built on an export thread (round-inputs.ts): a round of thousands of findings never holds
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
    // Read, shaped into blocks and written out (docx or Markdown) on an export thread.
    const { body, findings } = await this.exports.read({
      task: 'progressReport',
      round,
      actor,
      now: now.toISOString(),
      version,
      at,
      format,
    });
    await this.audit.record({
      actorId: actor.userId,
      action: 'round.report_exported',
      entityType: 'round',
      entityId: round.id,
      unitId: round.unitId,
      data: { format, version, findings, ...(asOfDay ? { asOf: asOfDay } : {}) },
    });
    const filename = `${safeName(round.title)}-整改进展情况的通报${version === 'public' ? '（公开版）' : ''}`;
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

  /** The progress report's input as of now or `at`, read on this loop (round-inputs.ts). */
  private reportInput(
    round: RoundEntity,
    actor: AuthUser,
    now: Date,
    version: ReportVersion,
    at: string | null,
  ): Promise<{ input: ProgressReportInput; findings: number }> {
    return progressReportInput(this.dataSource, this.contents, this.findings, {
      round,
      actor,
      now,
      version,
      at,
    });
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
