import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import { STAGES, zonedWeeks, type Light, type Stage } from '@rectiflow/domain';
import { DepartmentEntity, FindingEntity, RoundEntity } from '@rectiflow/persistence';
import type { DashboardView, DepartmentFigures, TrendView } from '@rectiflow/contracts';
import type { AuthUser } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import { FindingsService, seesAllFindings } from '../findings/findings.service';
import { lightParameters } from '../findings/light-sql';
import { scopeToUnits } from '../units/unit-scope';
import { RoundsService } from '../rounds/rounds.service';
import { publicCommentCounts } from '../public-comments/public-comment-counts';
import { outcomeSums } from '../outcomes/outcomes.service';
import { recordCountsByDepartment, type RecordCounts } from '../supervision/record-counts';
import { departmentGroups, keptGroups, scannedGroups } from './dashboard-groups';

/** A COUNT or SUM as the driver hands it over (a string for PostgreSQL's bigint and numeric). */
type Num = string | number | null;

/** One department's row, as `departmentFigures` (libs/reports) counts it for the ledger. */
function departmentRow(
  d: { id: string; code: string; name: string },
  sums: Record<string, Num> | undefined,
  records: RecordCounts | undefined,
): DepartmentFigures {
  const n = (key: string) => Number(sums?.[key] ?? 0);
  const closed = n('closed');
  return {
    departmentId: d.id,
    code: d.code,
    name: d.name,
    total: n('total'),
    open: n('total') - closed,
    overdue: n('overdue'),
    closed,
    sentBack: n('sentBack'),
    escalated: n('escalated'),
    accountability: n('accountability'),
    talks: records?.talks ?? 0,
    accountabilityRecords: records?.accountabilityRecords ?? 0,
    onTimeRate: closed > 0 ? Math.round((n('onTime') / closed) * 10_000) / 10_000 : null,
  };
}

/**
 * Figures of a round (or of all rounds) for the office and for appraisal (绩效考核). A
 * department's staff see the same figures over the findings they may see (led by or
 * co-operating with their department) and only their own department's row.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly rounds: RoundsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async dashboard(
    roundId: string | undefined,
    actor: AuthUser,
    unitId?: string,
  ): Promise<DashboardView> {
    if (roundId) await this.rounds.mustSee(roundId, actor);
    const now = new Date();
    const findings = () => {
      const q = this.dataSource.getRepository(FindingEntity).createQueryBuilder('f');
      if (roundId) q.where('f.roundId = :roundId', { roundId });
      return this.findings.scope(q, actor, 'f', unitId);
    };
    const warnMs = this.config.timing.warnBeforeMs;
    // Figures are SQL aggregates over the findings the caller may see: nothing is loaded row by
    // row, whatever the number of findings (a city's inspections hold 100,000). A withdrawn
    // finding (撤回) is in no figure: it is not work, open or done.
    const light = lightParameters(now, warnMs);
    const live = () => findings().andWhere('NOT f.withdrawn').setParameters(light);
    // Every figure below comes from groups by stage × lead department × responsible leader
    // (dashboard-groups.ts). For whoever sees every finding of their units, over all rounds
    // (a city's whole history), from the sums the database keeps plus the findings due soon or
    // late; for a department's staff over all rounds, the same for the findings their department
    // leads, and one scan of the few others they see (co-operated on, supervised). A round's
    // (hundreds of findings) from one grouped scan of the findings in view.
    const groups = roundId
      ? await scannedGroups(live())
      : seesAllFindings(actor)
        ? await keptGroups(this.dataSource, live, light, actor, unitId)
        : actor.departmentId
          ? await departmentGroups(this.dataSource, live, actor, actor.departmentId, unitId)
          : await scannedGroups(live());
    const byStage = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
    const byLight: Record<Light | 'unassigned', number> = {
      green: 0,
      yellow: 0,
      red: 0,
      unassigned: 0,
    };
    let total = 0;
    let overdue = 0;
    let escalated = 0;
    let longTerm = 0;
    const leaderSums = new Map<string, Record<string, number>>();
    const leaderStages = new Map<string, Partial<Record<Stage, number>>>();
    const add = (into: Map<string, Record<string, number>>, key: string, values: object) => {
      const row = into.get(key) ?? {};
      for (const [k, v] of Object.entries(values)) row[k] = (row[k] ?? 0) + Number(v ?? 0);
      into.set(key, row);
    };
    for (const g of groups.byStageLeader) {
      byStage[g.stage] += g.n;
      total += g.n;
      overdue += g.overdue;
      escalated += g.escalated;
      longTerm += g.longTerm;
      for (const l of ['green', 'yellow', 'red', 'unassigned'] as const) byLight[l] += g[l];
      if (g.leaderId) {
        add(leaderSums, g.leaderId, {
          open: g.n - g.closed,
          closed: g.closed,
          red: g.red,
          yellow: g.yellow,
          green: g.green,
          unassigned: g.unassigned,
        });
        const stages = leaderStages.get(g.leaderId) ?? {};
        stages[g.stage] = (stages[g.stage] ?? 0) + g.n;
        leaderStages.set(g.leaderId, stages);
      }
    }
    // A department's row reads `total` where the groups say `n`.
    const sums = new Map(groups.byDepartment.map((g) => [g.departmentId, { ...g, total: g.n }]));
    const closed = byStage.closed;
    const recordSums = await recordCountsByDepartment(this.dataSource, actor, { roundId, unitId });

    const departments = await scopeToUnits(
      this.dataSource.getRepository(DepartmentEntity).createQueryBuilder('d'),
      actor,
      'd.unitId',
      unitId,
    )
      .orderBy('d.code', 'ASC')
      .getMany();
    const leaders = [...leaderSums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const visible = seesAllFindings(actor)
      ? departments
      : departments.filter((d) => d.id === actor.departmentId);
    return {
      roundId: roundId ?? null,
      total,
      byStage,
      overdue,
      escalated,
      closed,
      longTerm,
      byDepartment: visible.map((d) => departmentRow(d, sums.get(d.id), recordSums.get(d.id))),
      byLight,
      byLeader: leaders.map(([leaderId, l]) => ({
        leaderId,
        open: l.open ?? 0,
        overdue: l.red ?? 0,
        closed: l.closed ?? 0,
        byLight: {
          green: l.green ?? 0,
          yellow: l.yellow ?? 0,
          red: l.red ?? 0,
          unassigned: l.unassigned ?? 0,
        },
        byStage: leaderStages.get(leaderId) ?? {},
      })),
      publicComments: await publicCommentCounts(this.dataSource, actor, roundId, unitId),
      outcomes: await outcomeSums(live()),
      asOf: now.toISOString(),
    };
  }

  /**
   * Findings opened, closed and overdue per week (Monday to Sunday in ORG_TIMEZONE): over the
   * round's life (the week it was created to this one, at most 52), or the last 12 weeks for
   * all rounds. One SQL aggregate over the stored timestamps, three sums per week:
   * - opened: `createdAt` within the week;
   * - closed: `closedAt` within the week;
   * - overdue at the week's end: created before the week's end, the deadline (`dueAt`) before
   *   the week's end, and not closed before it (`closedAt` absent or later); for this week,
   *   not over yet, "the week's end" is now. Step due times are
   *   not kept per week, so this counts by the finding's deadline (整改时限), not by the light of
   *   the step the finding was on; a relapsed finding counts from its reopened deadline.
   * Withdrawn findings (撤回) count in no week, as in every other figure.
   */
  async trend(roundId: string | undefined, actor: AuthUser, unitId?: string): Promise<TrendView> {
    const now = Date.now();
    const timeZone = this.config.env.ORG_TIMEZONE;
    let from = now - 11 * 7 * 86_400_000;
    if (roundId) {
      await this.rounds.mustSee(roundId, actor);
      const round = await this.dataSource
        .getRepository(RoundEntity)
        .findOneByOrFail({ id: roundId });
      from = Date.parse(round.createdAt);
    }
    const weeks = zonedWeeks(from, now, timeZone, roundId ? 52 : 12);
    const q = this.dataSource.getRepository(FindingEntity).createQueryBuilder('f').select([]);
    if (roundId) q.where('f.roundId = :roundId', { roundId });
    this.findings.scope(q, actor, 'f', unitId).andWhere('NOT f.withdrawn');
    const sum = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
    weeks.forEach((w, i) => {
      q.setParameter(`ws${i}`, new Date(w.startMs).toISOString());
      q.setParameter(`we${i}`, new Date(w.endMs).toISOString());
      q.setParameter(`wc${i}`, new Date(Math.min(w.endMs, now)).toISOString());
      q.addSelect(sum(`f.createdAt >= :ws${i} AND f.createdAt < :we${i}`), `opened_${i}`);
      q.addSelect(
        sum(`f.closedAt IS NOT NULL AND f.closedAt >= :ws${i} AND f.closedAt < :we${i}`),
        `closed_${i}`,
      );
      q.addSelect(
        sum(
          `f.createdAt < :wc${i} AND f.dueAt IS NOT NULL AND f.dueAt < :wc${i} AND (f.closedAt IS NULL OR f.closedAt >= :wc${i})`,
        ),
        `overdue_${i}`,
      );
    });
    const row = (await q.getRawOne<Record<string, Num>>()) ?? {};
    return {
      roundId: roundId ?? null,
      timeZone,
      weeks: weeks.map((w, i) => ({
        weekStart: w.weekStart,
        opened: Number(row[`opened_${i}`] ?? 0),
        closed: Number(row[`closed_${i}`] ?? 0),
        overdue: Number(row[`overdue_${i}`] ?? 0),
      })),
      asOf: new Date(now).toISOString(),
    };
  }
}
