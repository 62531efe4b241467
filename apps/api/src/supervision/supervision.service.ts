import { Inject, Injectable } from '@nestjs/common';
import { Brackets, DataSource, type SelectQueryBuilder } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import type { SupervisionItem, SupervisionPage, SupervisionReason } from '@rectiflow/contracts';
import { FindingEntity } from '@rectiflow/persistence';
import type { AuthUser } from '../auth/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { ExportPool } from '../exports/export-pool';
import { APP_CONFIG } from '../config/config.module';
import { findingSummary } from '../findings/finding-views';
import { FindingsService } from '../findings/findings.service';
import { lightConditions, lightParameters } from '../findings/light-sql';
import type { DownloadFile } from '../reports/reports.service';
import { RoundsService } from '../rounds/rounds.service';
import { OrganisationNames } from './organisation-names';
import { supervisionCountsByFinding, type FindingSupervisionCounts } from './record-counts';
import type { SupervisionQueryDto } from './dto/supervision-query.dto';

type Counts = FindingSupervisionCounts;

/** The most rows one export holds; a ledger larger than this is narrowed by its filters first. */
const EXPORT_LIMIT = 5000;

/**
 * 督办台账: across rounds and departments (and, for the inspecting side, units), every open
 * finding that is overdue, escalated, sent back more than SUPERVISION_SENT_BACK_OVER times, or
 * due within the warning window. Filtered and counted in SQL; the reasons of each listed row
 * are the same conditions read back from it.
 */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly rounds: RoundsService,
    private readonly names: OrganisationNames,
    private readonly audit: AuditService,
    private readonly exports: ExportPool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get warnMs(): number {
    return this.config.timing.warnBeforeMs;
  }

  private async query(
    q: SupervisionQueryDto,
    actor: AuthUser,
    now: Date,
  ): Promise<SelectQueryBuilder<FindingEntity>> {
    if (q.roundId) await this.rounds.mustSee(q.roundId, actor);
    const lights = lightConditions('f');
    const reasons: Record<SupervisionReason, string> = {
      overdue: lights.red,
      escalated: 'f.escalationLevel > 0',
      sent_back: 'f.sentBackCount > :sentBackOver',
      due_soon: lights.yellow,
    };
    const qb = this.dataSource.getRepository(FindingEntity).createQueryBuilder('f');
    this.findings.scope(qb, actor, 'f', q.unitId);
    qb.andWhere("f.stage <> 'closed' AND NOT f.withdrawn")
      .setParameters(lightParameters(now, this.warnMs))
      .setParameter('sentBackOver', this.config.env.SUPERVISION_SENT_BACK_OVER);
    if (q.reason) qb.andWhere(reasons[q.reason]);
    else
      qb.andWhere(
        new Brackets((w) => {
          for (const condition of Object.values(reasons)) w.orWhere(condition);
        }),
      );
    if (q.roundId) qb.andWhere('f.roundId = :roundId', { roundId: q.roundId });
    if (q.departmentId) qb.andWhere('f.leadDepartmentId = :dept', { dept: q.departmentId });
    if (q.leaderId) qb.andWhere('f.responsibleLeaderId = :leader', { leader: q.leaderId });
    if (q.light) qb.andWhere(lights[q.light]);
    if (q.level) qb.andWhere('f.escalationLevel >= :level', { level: q.level });
    // Most urgent first: the highest escalation, then the earliest due time.
    return qb
      .orderBy('f.escalationLevel', 'DESC')
      .addOrderBy('f.nextDueAt', 'ASC')
      .addOrderBy('f.code', 'ASC');
  }

  private item(f: FindingEntity, now: Date, records: Counts): SupervisionItem {
    const summary = findingSummary(f, now, this.warnMs);
    const reasons: SupervisionReason[] = [];
    if (summary.light === 'red') reasons.push('overdue');
    if (f.escalationLevel > 0) reasons.push('escalated');
    if (f.sentBackCount > this.config.env.SUPERVISION_SENT_BACK_OVER) reasons.push('sent_back');
    if (summary.light === 'yellow') reasons.push('due_soon');
    return { ...summary, reasons, ...records };
  }

  async list(q: SupervisionQueryDto, actor: AuthUser): Promise<SupervisionPage> {
    const now = new Date();
    const qb = await this.query(q, actor, now);
    const [rows, total] = await qb
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    const records = await supervisionCountsByFinding(this.dataSource, {
      findingIds: rows.map((f) => f.id),
    });
    return { items: rows.map((f) => this.item(f, now, records(f.id))), total };
  }

  async workbook(q: SupervisionQueryDto, actor: AuthUser): Promise<DownloadFile> {
    const now = new Date();
    const rows = await (await this.query(q, actor, now)).take(EXPORT_LIMIT).getMany();
    const names = await this.names.load(rows);
    const records = await supervisionCountsByFinding(this.dataSource, {
      findingIds: rows.map((f) => f.id),
    });
    const body = await this.exports.build('supervision', {
      asOf: now,
      items: rows.map((f) => {
        const item = this.item(f, now, records(f.id));
        return {
          code: f.code,
          title: f.title,
          unit: names.unit(f.unitId),
          round: names.round(f.roundId),
          leader: names.user(f.responsibleLeaderId),
          department: names.department(f.leadDepartmentId),
          stage: f.stage,
          light: item.light,
          dueAt: f.nextDueAt,
          escalationLevel: f.escalationLevel,
          sentBack: f.sentBackCount,
          talks: item.talks,
          accountabilityRecords: item.accountabilityRecords,
          reasons: item.reasons,
        };
      }),
    });
    // An export hands out records: on the audit chain, under the caller's unit (or none).
    await this.audit.record({
      actorId: actor.userId,
      action: 'supervision.exported',
      entityType: 'supervision',
      entityId: q.roundId ?? q.unitId ?? actor.unitId ?? 'all',
      unitId: actor.unitId,
      data: { findings: rows.length, filters: { ...q } },
    });
    return {
      // The organisation's calendar day (en-CA formats as YYYY-MM-DD).
      filename: `督办台账-${new Intl.DateTimeFormat('en-CA', { timeZone: this.config.env.ORG_TIMEZONE }).format(now)}.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body,
    };
  }
}
