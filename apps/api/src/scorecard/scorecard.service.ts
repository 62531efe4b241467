import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import type { ScorecardDepartmentView, ScorecardView } from '@rectiflow/contracts';
import {
  scoreDepartment,
  scorecardFormula,
  startOfZonedDay,
  type ScorecardFacts,
} from '@rectiflow/domain';
import {
  DepartmentEntity,
  EscalationEntity,
  FindingEntity,
  ReviewEntity,
  SupervisionOrderEntity,
  SupervisionRecordEntity,
  UnitEntity,
} from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import { ExportPool } from '../exports/export-pool';
import { seesAllFindings } from '../findings/findings.service';
import { fieldError } from '../http/field-errors';
import type { DownloadFile } from '../reports/reports.service';
import { RoundsService } from '../rounds/rounds.service';
import { scopeToUnits } from '../units/unit-scope';
import type { ScorecardQueryDto } from './dto/scorecard-query.dto';

/** A COUNT or SUM as the driver hands it over (a string for PostgreSQL's bigint and numeric). */
type Num = string | number | null;

/** The period, resolved: which findings are appraised. */
interface Period {
  roundId: string | null;
  roundTitle: string | null;
  from: string | null;
  to: string | null;
  /** The instants the range covers, [fromIso, toIso). */
  fromIso: string | null;
  toIso: string | null;
}

const zeroFacts = (): ScorecardFacts => ({
  due: 0,
  closedOnTime: 0,
  overdueDays: 0,
  sentBacks: 0,
  escalations: 0,
  accountabilityRecords: 0,
  openOrders: 0,
});

/**
 * 绩效考核: per department, over the findings it leads in a period (a round, or the findings
 * whose deadline falls in a range of calendar days in ORG_TIMEZONE), six figures counted in SQL
 * (one GROUP BY per source table) and weighted into a score by `scoreDepartment` (libs/domain)
 * with SCORECARD_WEIGHTS. Withdrawn findings (撤回) count nowhere. A department's own staff get
 * only their own department's row, with the same figures the office sees.
 */
@Injectable()
export class ScorecardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rounds: RoundsService,
    private readonly audit: AuditService,
    private readonly exports: ExportPool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get timeZone(): string {
    return this.config.env.ORG_TIMEZONE;
  }

  private async period(q: ScorecardQueryDto, actor: AuthUser): Promise<Period> {
    if ((q.from === undefined) !== (q.to === undefined)) {
      const missing = q.from === undefined ? 'from' : 'to';
      throw fieldError(missing, 'range_incomplete', 'from and to are given together');
    }
    if (q.from && q.to && q.to < q.from)
      throw fieldError('to', 'range_reversed', 'to must not be earlier than from');
    const round = q.roundId ? await this.rounds.mustSee(q.roundId, actor) : null;
    return {
      roundId: round?.id ?? null,
      roundTitle: round?.title ?? null,
      from: q.from ?? null,
      to: q.to ?? null,
      fromIso: q.from ? new Date(startOfZonedDay(q.from, this.timeZone)).toISOString() : null,
      toIso: q.to ? new Date(startOfZonedDay(q.to, this.timeZone, 1)).toISOString() : null,
    };
  }

  /** Confines `f` (findings) to the caller's units and the period; never withdrawn ones. */
  private inPeriod<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    actor: AuthUser,
    period: Period,
    unitId: string | undefined,
  ): SelectQueryBuilder<T> {
    scopeToUnits(qb, actor, 'f.unitId', unitId).andWhere('NOT f.withdrawn');
    if (period.roundId) qb.andWhere('f.roundId = :scRound', { scRound: period.roundId });
    if (period.fromIso && period.toIso)
      qb.andWhere('f.dueAt >= :scFrom AND f.dueAt < :scTo', {
        scFrom: period.fromIso,
        scTo: period.toIso,
      });
    return qb;
  }

  /**
   * Whole days from `start` to `end` (ISO texts), a started day counting as one: a deadline
   * given as a calendar day is the end of that day in ORG_TIMEZONE, so this is the number of
   * calendar days there by which it was missed.
   */
  private daysLate(end: string, start: string): string {
    if (this.dataSource.options.type === 'postgres')
      return `CEIL(EXTRACT(EPOCH FROM (CAST(${end} AS timestamptz) - CAST(${start} AS timestamptz))) / 86400.0)`;
    const d = `(julianday(${end}) - julianday(${start}))`;
    return `(CAST(${d} AS INTEGER) + CASE WHEN ${d} > CAST(${d} AS INTEGER) THEN 1 ELSE 0 END)`;
  }

  /** Every department's facts, by department id: five grouped queries. */
  private async facts(
    actor: AuthUser,
    period: Period,
    unitId: string | undefined,
    now: Date,
  ): Promise<{ facts: Map<string, ScorecardFacts>; findings: Map<string, number> }> {
    const facts = new Map<string, ScorecardFacts>();
    const of = (id: string) => {
      let f = facts.get(id);
      if (!f) facts.set(id, (f = zeroFacts()));
      return f;
    };
    const closed = `(f.stage = 'closed' AND f.closedAt IS NOT NULL)`;
    // When it was (or, still open, is) finished: the closing time, or now.
    const end = `(CASE WHEN ${closed} THEN f.closedAt ELSE :scNow END)`;
    const late = `(f.dueAt IS NOT NULL AND ${end} > f.dueAt)`;
    const findingRows = await this.inPeriod(
      this.dataSource.getRepository(FindingEntity).createQueryBuilder('f'),
      actor,
      period,
      unitId,
    )
      .select('f.leadDepartmentId', 'departmentId')
      .addSelect('COUNT(*)', 'findings')
      .addSelect(
        `SUM(CASE WHEN ${closed} OR (f.dueAt IS NOT NULL AND f.dueAt < :scNow) THEN 1 ELSE 0 END)`,
        'due',
      )
      .addSelect(
        `SUM(CASE WHEN ${closed} AND f.dueAt IS NOT NULL AND f.closedAt <= f.dueAt THEN 1 ELSE 0 END)`,
        'onTime',
      )
      .addSelect(`SUM(CASE WHEN ${late} THEN ${this.daysLate(end, 'f.dueAt')} ELSE 0 END)`, 'days')
      .andWhere('f.leadDepartmentId IS NOT NULL')
      .setParameter('scNow', now.toISOString())
      .groupBy('f.leadDepartmentId')
      .getRawMany<{ departmentId: string; findings: Num; due: Num; onTime: Num; days: Num }>();
    const findings = new Map<string, number>();
    for (const r of findingRows) {
      const f = of(r.departmentId);
      f.due = Number(r.due ?? 0);
      f.closedOnTime = Number(r.onTime ?? 0);
      f.overdueDays = Number(r.days ?? 0);
      findings.set(r.departmentId, Number(r.findings ?? 0));
    }

    // 退回: every review or approval answered `reject`, against the lead department.
    const sentBacks = await this.inPeriod(
      this.dataSource
        .getRepository(ReviewEntity)
        .createQueryBuilder('rv')
        .innerJoin(FindingEntity, 'f', 'f.id = rv.findingId'),
      actor,
      period,
      unitId,
    )
      .select('f.leadDepartmentId', 'departmentId')
      .addSelect('COUNT(*)', 'n')
      .andWhere(`rv.decision = 'reject'`)
      .andWhere('f.leadDepartmentId IS NOT NULL')
      .groupBy('f.leadDepartmentId')
      .getRawMany<{ departmentId: string; n: Num }>();
    for (const r of sentBacks) of(r.departmentId).sentBacks = Number(r.n ?? 0);

    // 升级督办: every late step put on the ladder (one row however high it climbed).
    const escalations = await this.inPeriod(
      this.dataSource
        .getRepository(EscalationEntity)
        .createQueryBuilder('e')
        .innerJoin(FindingEntity, 'f', 'f.id = e.findingId'),
      actor,
      period,
      unitId,
    )
      .select('f.leadDepartmentId', 'departmentId')
      .addSelect('COUNT(*)', 'n')
      .andWhere('f.leadDepartmentId IS NOT NULL')
      .groupBy('f.leadDepartmentId')
      .getRawMany<{ departmentId: string; n: Num }>();
    for (const r of escalations) of(r.departmentId).escalations = Number(r.n ?? 0);

    // 督办单 not yet accepted, against the department they are issued to.
    const orders = await this.inPeriod(
      this.dataSource
        .getRepository(SupervisionOrderEntity)
        .createQueryBuilder('o')
        .innerJoin(FindingEntity, 'f', 'f.id = o.findingId'),
      actor,
      period,
      unitId,
    )
      .select('o.departmentId', 'departmentId')
      .addSelect('COUNT(*)', 'n')
      .andWhere(`o.status IN ('open', 'answered')`)
      .groupBy('o.departmentId')
      .getRawMany<{ departmentId: string; n: Num }>();
    for (const r of orders) of(r.departmentId).openOrders = Number(r.n ?? 0);

    // 问责 records, against the department they name, about at least one finding in the period.
    const about = ['"rf"."recordId" = r.id', 'NOT "rff"."withdrawn"'];
    if (period.roundId) about.push('"rff"."roundId" = :scRound');
    if (period.fromIso) about.push('"rff"."dueAt" >= :scFrom AND "rff"."dueAt" < :scTo');
    const records = await scopeToUnits(
      this.dataSource.getRepository(SupervisionRecordEntity).createQueryBuilder('r'),
      actor,
      'r.unitId',
      unitId,
    )
      .select('r.departmentId', 'departmentId')
      .addSelect('COUNT(*)', 'n')
      .andWhere(`r.kind = 'accountability'`)
      .andWhere('r.departmentId IS NOT NULL')
      .andWhere(
        `EXISTS (SELECT 1 FROM "supervision_record_findings" "rf" INNER JOIN "findings" "rff" ON "rff"."id" = "rf"."findingId" WHERE ${about.join(' AND ')})`,
        { scRound: period.roundId, scFrom: period.fromIso, scTo: period.toIso },
      )
      .groupBy('r.departmentId')
      .getRawMany<{ departmentId: string; n: Num }>();
    for (const r of records) of(r.departmentId).accountabilityRecords = Number(r.n ?? 0);
    return { facts, findings };
  }

  async scorecard(q: ScorecardQueryDto, actor: AuthUser): Promise<ScorecardView> {
    const period = await this.period(q, actor);
    const now = new Date();
    const { facts, findings } = await this.facts(actor, period, q.unitId, now);
    const weights = this.config.scorecardWeights;
    const departments = await scopeToUnits(
      this.dataSource.getRepository(DepartmentEntity).createQueryBuilder('d'),
      actor,
      'd.unitId',
      q.unitId,
    )
      .orderBy('d.code', 'ASC')
      .getMany();
    const rows: ScorecardDepartmentView[] = departments
      // A deactivated department is appraised only for what it still had in the period.
      .filter((d) => d.active || facts.has(d.id))
      .filter((d) => seesAllFindings(actor) || d.id === actor.departmentId)
      .map((d) => {
        const f = facts.get(d.id) ?? zeroFacts();
        const { components, score } = scoreDepartment(f, weights);
        return {
          departmentId: d.id,
          code: d.code,
          name: d.name,
          unitId: d.unitId,
          findings: findings.get(d.id) ?? 0,
          due: f.due,
          closedOnTime: f.closedOnTime,
          ...components,
          score,
        };
      })
      .sort((a, b) => b.score - a.score || a.code.localeCompare(b.code, 'zh-CN'));
    return {
      period: {
        roundId: period.roundId,
        roundTitle: period.roundTitle,
        from: period.from,
        to: period.to,
        timeZone: this.timeZone,
      },
      weights: { ...weights },
      formula: scorecardFormula(weights),
      departments: rows,
      asOf: now.toISOString(),
    };
  }

  async workbook(q: ScorecardQueryDto, actor: AuthUser): Promise<DownloadFile> {
    const view = await this.scorecard(q, actor);
    const units = await this.dataSource
      .getRepository(UnitEntity)
      .findBy({ id: In([...new Set(view.departments.map((d) => d.unitId))]) });
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const { period } = view;
    const words = [
      period.roundTitle,
      period.from && period.to ? `整改时限 ${period.from} 至 ${period.to}` : null,
    ].filter((w): w is string => !!w);
    const input = {
      asOf: new Date(view.asOf),
      period: words.length > 0 ? words.join('，') : '全部轮次',
      formula: view.formula,
      weights: view.weights,
      rows: view.departments.map((d) => ({
        // Equal scores share a rank (1, 1, 3); a department's own line alone has none.
        rank: seesAllFindings(actor)
          ? 1 + view.departments.filter((o) => o.score > d.score).length
          : null,
        unit: unitName.get(d.unitId) ?? '',
        code: d.code,
        name: d.name,
        findings: d.findings,
        due: d.due,
        closedOnTime: d.closedOnTime,
        parts: {
          onTimeRate: d.onTimeRate,
          overdueDays: d.overdueDays,
          sentBacks: d.sentBacks,
          escalations: d.escalations,
          accountabilityRecords: d.accountabilityRecords,
          openOrders: d.openOrders,
        },
        score: d.score,
      })),
    };
    const body = await this.exports.build('scorecard', input);
    // An export hands out appraisal figures: on the audit chain, under the caller's unit.
    await this.audit.record({
      actorId: actor.userId,
      action: 'scorecard.exported',
      entityType: 'scorecard',
      entityId: q.roundId ?? q.unitId ?? actor.unitId ?? 'all',
      unitId: actor.unitId,
      data: {
        departments: view.departments.length,
        filters: { ...q },
        weights: view.weights,
      },
    });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: this.timeZone }).format(
      new Date(view.asOf),
    );
    return {
      filename: `绩效考核-${today}.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body,
    };
  }
}
