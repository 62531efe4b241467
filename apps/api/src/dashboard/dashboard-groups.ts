import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { requestedUnits, type Stage } from '@rectiflow/domain';
import { FindingSumEntity, isSqlite, type FindingEntity } from '@rectiflow/persistence';
import type { AuthUser } from '../auth/auth.decorators';
import { escalatedCondition, lightConditions, overdueCondition } from '../findings/light-sql';
import { scopeToUnits } from '../units/unit-scope';

const FIGURES = [
  'n',
  'overdue',
  'escalated',
  'longTerm',
  'onTime',
  'sentBack',
  'accountability',
  'red',
  'yellow',
  'green',
  'unassigned',
  'closed',
] as const;

/** What the dashboard sums over a set of findings (`closed`: how many of them are closed). */
export type Figures = Record<(typeof FIGURES)[number], number>;

/** The dashboard's figures twice over, each holding every finding in view once. */
export interface DashboardGroups {
  /** Per stage and responsible leader (null: none): the totals, the stages and the leaders. */
  byStageLeader: (Figures & { stage: Stage; leaderId: string | null })[];
  /** Per lead department (null: none): the departments' rows. */
  byDepartment: (Figures & { departmentId: string | null })[];
}

/** A row as the driver hands it over: COUNT and SUM are strings for PostgreSQL's bigint. */
type Raw = Record<string, string | number | null> & {
  stage?: Stage;
  departmentId?: string | null;
  leaderId?: string | null;
};

function noFigures(): Figures {
  return {
    n: 0,
    overdue: 0,
    escalated: 0,
    longTerm: 0,
    onTime: 0,
    sentBack: 0,
    accountability: 0,
    red: 0,
    yellow: 0,
    green: 0,
    unassigned: 0,
    closed: 0,
  };
}

/** Adds a row's figures (those it has) into a group's. */
function addFigures(g: Figures, r: Raw): void {
  for (const f of FIGURES) {
    const v = r[f];
    if (v !== undefined && v !== null) g[f] += Number(v);
  }
  // A row grouped by stage tells the closed ones by its stage.
  if (r.closed === undefined && r.stage === 'closed' && r.n !== undefined) g.closed += Number(r.n);
}

const sum = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

/** Sums raw rows into the two groupings (rows grouped by all three dimensions go into both). */
class Grouping {
  private readonly stageLeader = new Map<string, DashboardGroups['byStageLeader'][number]>();
  private readonly department = new Map<string, DashboardGroups['byDepartment'][number]>();

  add(rows: Raw[], into: 'stageLeader' | 'department' | 'both'): this {
    for (const r of rows) {
      // `finding_sums` keeps a missing department or leader as '' (a key column cannot be null).
      if (into !== 'department') {
        const stage = r.stage as Stage;
        const leaderId = r.leaderId || null;
        let g = this.stageLeader.get(`${stage}\u0000${leaderId ?? ''}`);
        if (!g) {
          g = { stage, leaderId, ...noFigures() };
          this.stageLeader.set(`${stage}\u0000${leaderId ?? ''}`, g);
        }
        addFigures(g, r);
      }
      if (into !== 'stageLeader') {
        const departmentId = r.departmentId || null;
        let g = this.department.get(departmentId ?? '');
        if (!g) {
          g = { departmentId, ...noFigures() };
          this.department.set(departmentId ?? '', g);
        }
        addFigures(g, r);
      }
    }
    return this;
  }

  groups(): DashboardGroups {
    return {
      byStageLeader: [...this.stageLeader.values()],
      byDepartment: [...this.department.values()],
    };
  }
}

/** Groups by stage, lead department and responsible leader, under the names Raw gives them. */
function byAll<T extends object>(q: SelectQueryBuilder<T>, a: string): SelectQueryBuilder<T> {
  return q
    .select(`${a}.stage`, 'stage')
    .addSelect(`${a}.leadDepartmentId`, 'departmentId')
    .addSelect(`${a}.responsibleLeaderId`, 'leaderId')
    .groupBy(`${a}.stage`)
    .addGroupBy(`${a}.leadDepartmentId`)
    .addGroupBy(`${a}.responsibleLeaderId`);
}

/** The raw rows of one grouped scan of the findings `live` selects, per stage × department × leader. */
function scannedRows(live: SelectQueryBuilder<FindingEntity>): Promise<Raw[]> {
  const light = lightConditions();
  const onTime = `(f.stage = 'closed' AND f.closedAt IS NOT NULL AND f.dueAt IS NOT NULL AND f.closedAt <= f.dueAt)`;
  return byAll(live, 'f')
    .addSelect('COUNT(*)', 'n')
    .addSelect(sum(overdueCondition()), 'overdue')
    .addSelect(sum(escalatedCondition()), 'escalated')
    .addSelect(sum('f.longTerm = :yes'), 'longTerm')
    .addSelect(sum(onTime), 'onTime')
    .addSelect('SUM(f.sentBackCount)', 'sentBack')
    .addSelect('SUM(f.accountabilityCount)', 'accountability')
    .addSelect(sum(light.red), 'red')
    .addSelect(sum(light.yellow), 'yellow')
    .addSelect(sum(light.green), 'green')
    .addSelect(sum(light.unassigned), 'unassigned')
    .setParameter('yes', true)
    .getRawMany<Raw>();
}

/**
 * Every figure in one grouped scan of the findings `live` selects (not withdrawn, in the
 * caller's scope, with the light parameters set). Used for a round's dashboard (hundreds of
 * findings), and as the reference the kept figures are tested against (test/int/dashboard-groups).
 */
export async function scannedGroups(
  live: SelectQueryBuilder<FindingEntity>,
): Promise<DashboardGroups> {
  return new Grouping().add(await scannedRows(live), 'both').groups();
}

/**
 * The findings of one group of the kept sums (`s`) due in a range of `f.nextDueAt`, counted by a
 * correlated subquery that reads only that group's range of its index (migration 1770700000000).
 * `column` names the group's key in both tables: the kept sums keep a missing department or
 * leader as '', the findings as NULL, and each of the two has an index-friendly comparison of
 * its own. `scope` confines the findings as the kept rows are (the caller's units).
 */
function dueCount(column: string, within: string, scope: string, stage: boolean): string {
  const count = (key: string) =>
    `(SELECT COUNT(*) FROM "findings" f WHERE ${stage ? 'f."stage" = s."stage" AND ' : ''}${key}` +
    ` AND ${within} AND NOT f."withdrawn"${scope})`;
  return (
    `CASE WHEN s."${column}" = '' THEN ${count(`f."${column}" IS NULL`)}` +
    ` ELSE ${count(`f."${column}" = s."${column}"`)} END`
  );
}

/**
 * The kept figures (`finding_sums`) of the caller's units, summed: `green` is every finding that
 * can have a light (`lit`), from which the caller takes those found red or yellow.
 */
function keptSums(
  dataSource: DataSource,
  actor: AuthUser,
  unitId: string | undefined,
): SelectQueryBuilder<FindingSumEntity> {
  return scopeToUnits(
    dataSource.getRepository(FindingSumEntity).createQueryBuilder('s'),
    actor,
    's.unitId',
    unitId,
  )
    .andWhere('s.n <> 0')
    .select('SUM(s.n)', 'n')
    .addSelect('SUM(s.lit)', 'green')
    .addSelect(`SUM(CASE WHEN s.stage = 'assign' THEN s.n ELSE 0 END)`, 'unassigned')
    .addSelect('SUM(s.escalated)', 'escalated')
    .addSelect('SUM(s.longTerm)', 'longTerm')
    .addSelect('SUM(s.onTime)', 'onTime')
    .addSelect('SUM(s.sentBack)', 'sentBack')
    .addSelect('SUM(s.accountability)', 'accountability');
}

const PAST = `f."nextDueAt" < :lightNow`;
const SOON = `f."nextDueAt" >= :lightNow AND f."nextDueAt" <= :lightWarn`;
const LIT = `f."stage" <> 'assign'`;

/**
 * Overdue, red and yellow of the findings `q` selects (live, light parameters set) that are due
 * before the warning window ends. Within that range (not withdrawn, a due time set, not after the
 * window) lightConditions and overdueCondition come down to these comparisons; the test holds
 * them equal to the scan. Two bounds, so that a due-time index's range is read rather than
 * another index scanned.
 */
function dueSums(q: SelectQueryBuilder<FindingEntity>): SelectQueryBuilder<FindingEntity> {
  return q
    .andWhere('f.nextDueAt IS NOT NULL AND f.nextDueAt <= :lightWarn')
    .select(sum('f.nextDueAt < :lightNow'), 'overdue')
    .addSelect(sum(`f.stage <> 'assign' AND f.nextDueAt < :lightNow`), 'red')
    .addSelect(sum(`f.stage <> 'assign' AND f.nextDueAt >= :lightNow`), 'yellow');
}

/**
 * The same figures for a caller who sees every finding of their units, over all rounds (a
 * city's whole history), in statements whose cost does not grow with the findings that are
 * neither due soon nor late:
 * 1. what does not depend on the clock, from `finding_sums`, which triggers on `findings` keep
 *    (migration 1770500000000), summed twice (per stage and leader, per department) from a few
 *    rows per department. `lit` there counts the findings that can have a light;
 * 2. red, yellow and overdue over the findings due before the warning window ends; green is
 *    what remains of `lit`. Grouped the same two ways, each database its own way:
 *    - SQLite has no hash aggregate: grouping the whole due range (17,000 findings at 100,000)
 *      sorted it, about 10 ms a grouping. So the kept statements count, for each of their groups
 *      (a stage with its leader, or a department), the group's own due range, a short read in
 *      due order (`idx_findings_stage_leader_due`, `idx_findings_department_due`). Every finding
 *      in view is in a kept group, so none is missed;
 *    - PostgreSQL hashes the due range's groups faster than it runs a thousand such subqueries
 *      (34 against 57 ms on 100,000 synthetic findings), so it reads the range once per
 *      grouping (`idx_findings_due_cover`).
 *    BENCH.md, "The lights counted per group", has the figures.
 * A finding escalated once counts as escalated, as `escalatedCondition` says: its kept share
 * reads `escalatedOnce`, which a trigger on `escalations` sets.
 */
export async function keptGroups(
  dataSource: DataSource,
  live: () => SelectQueryBuilder<FindingEntity>,
  light: Record<string, string>,
  actor: AuthUser,
  unitId: string | undefined,
): Promise<DashboardGroups> {
  const kept = () => keptSums(dataSource, actor, unitId);
  const keptByStageLeader = () =>
    kept()
      .addSelect('s.stage', 'stage')
      .addSelect('s.responsibleLeaderId', 'leaderId')
      .groupBy('s.stage')
      .addGroupBy('s.responsibleLeaderId');
  const keptByDepartment = () =>
    kept()
      .addSelect('s.leadDepartmentId', 'departmentId')
      .addSelect(`SUM(CASE WHEN s.stage = 'closed' THEN s.n ELSE 0 END)`, 'closed')
      .groupBy('s.leadDepartmentId');

  const groups = new Grouping();
  if (isSqlite(dataSource)) {
    const scope = requestedUnits(actor, unitId);
    // The findings' share of the caller's units (`scopeUnits`: the kept rows' parameter).
    const inScope = scope.all ? '' : ' AND f."unitId" IN (:...scopeUnits)';
    // A stage past 待交办 (`assign`) tells red and yellow from overdue and soon (set in place:
    // a thousand rows copied with a rest pattern cost more than their SQL).
    const byStageLeader = await keptByStageLeader()
      .addSelect(dueCount('responsibleLeaderId', PAST, inScope, true), 'overdue')
      .addSelect(dueCount('responsibleLeaderId', SOON, inScope, true), 'soon')
      .setParameters(light)
      .getRawMany<Raw>();
    for (const r of byStageLeader) {
      const lit = r.stage !== 'assign';
      r.red = lit ? r.overdue : 0;
      r.yellow = lit ? r.soon : 0;
    }
    groups.add(byStageLeader, 'stageLeader');
    groups.add(
      await keptByDepartment()
        .addSelect(dueCount('leadDepartmentId', PAST, inScope, false), 'overdue')
        .addSelect(dueCount('leadDepartmentId', `${LIT} AND ${PAST}`, inScope, false), 'red')
        .addSelect(dueCount('leadDepartmentId', `${LIT} AND ${SOON}`, inScope, false), 'yellow')
        .setParameters(light)
        .getRawMany<Raw>(),
      'department',
    );
  } else {
    const due = () => dueSums(live());
    groups
      .add(await keptByStageLeader().getRawMany<Raw>(), 'stageLeader')
      .add(await keptByDepartment().getRawMany<Raw>(), 'department')
      .add(
        await due()
          .addSelect('f.stage', 'stage')
          .addSelect('f.responsibleLeaderId', 'leaderId')
          .groupBy('f.stage')
          .addGroupBy('f.responsibleLeaderId')
          .getRawMany<Raw>(),
        'stageLeader',
      )
      .add(
        await due()
          .addSelect('f.leadDepartmentId', 'departmentId')
          .groupBy('f.leadDepartmentId')
          .getRawMany<Raw>(),
        'department',
      );
  }
  const out = groups.groups();
  // Every finding counted as red or yellow is due before the window's end, so not green: it is
  // taken from `lit` (summed above as green).
  for (const g of [...out.byStageLeader, ...out.byDepartment]) g.green -= g.red + g.yellow;
  return out;
}

/**
 * The same figures for a department's staff over all rounds: the findings their department
 * leads, co-operates on or is ordered to supervise (FindingsService.scope). A department may
 * lead thousands of a city's findings; the grouped scan of them all was the slowest dashboard at
 * 100,000 findings (BENCH.md, run 11). Each finding in view is counted once, in one of two parts:
 * 1. those the department leads, as the whole unit's are counted: its kept sums
 *    (`idx_finding_sums_department`) and its due range (`idx_findings_department_due`), read
 *    per stage and leader;
 * 2. the others in view (co-operated on or supervised, and led by another department or none):
 *    one grouped scan, which the scope's own conditions confine, of the few that remain.
 * `live` is the caller's findings (not withdrawn, in scope, light parameters set); the test
 * holds the result equal to its scan (test/int/dashboard-groups).
 */
export async function departmentGroups(
  dataSource: DataSource,
  live: () => SelectQueryBuilder<FindingEntity>,
  actor: AuthUser,
  departmentId: string,
  unitId: string | undefined,
): Promise<DashboardGroups> {
  const ledBy = { ledBy: departmentId };
  // Every row of both reads is of this one department: it is set here, not grouped by.
  const led = await keptSums(dataSource, actor, unitId)
    .andWhere('s.leadDepartmentId = :ledBy', ledBy)
    .addSelect('s.stage', 'stage')
    .addSelect('s.responsibleLeaderId', 'leaderId')
    .groupBy('s.stage')
    .addGroupBy('s.responsibleLeaderId')
    .getRawMany<Raw>();
  const due = await dueSums(live().andWhere('f.leadDepartmentId = :ledBy', ledBy))
    .addSelect('f.stage', 'stage')
    .addSelect('f.responsibleLeaderId', 'leaderId')
    .groupBy('f.stage')
    .addGroupBy('f.responsibleLeaderId')
    .getRawMany<Raw>();
  // Red and yellow are due before the window's end, so taken from `lit` (the kept rows' green).
  const dueRows = due.map((r) => ({
    ...r,
    departmentId,
    green: -(Number(r.red ?? 0) + Number(r.yellow ?? 0)),
  }));
  const others = await scannedRows(
    live().andWhere('(f.leadDepartmentId IS NULL OR f.leadDepartmentId <> :ledBy)', ledBy),
  );
  const ledRows = led.map((r) => ({ ...r, departmentId }));
  return new Grouping().add(ledRows, 'both').add(dueRows, 'both').add(others, 'both').groups();
}
