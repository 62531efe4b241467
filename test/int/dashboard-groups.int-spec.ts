import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { STAGES, type Stage } from '@rectiflow/domain';
import {
  createDataSource,
  EscalationEntity,
  FindingEntity,
  FindingSumEntity,
  RoundEntity,
  runMigrationsWithRetry,
  SupervisionOrderEntity,
} from '@rectiflow/persistence';
import type { AuthUser } from '../../apps/api/src/auth/auth.decorators';
import {
  departmentGroups,
  keptGroups,
  scannedGroups,
  type DashboardGroups,
} from '../../apps/api/src/dashboard/dashboard-groups';
import { FindingsService } from '../../apps/api/src/findings/findings.service';
import { lightParameters } from '../../apps/api/src/findings/light-sql';
import { scopeToUnits } from '../../apps/api/src/units/unit-scope';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The dashboard of whoever sees every finding of their units sums `finding_sums`, which
 * triggers on `findings` keep (migration 1770500000000), plus the findings that can have a
 * light. Here, on the real read model (SQLite, or PostgreSQL when DATABASE_URL is set), the
 * findings are written the ways the product writes them (inserted, upserted whole as the
 * projection does, updated column by column as the API does, deleted) and through raw SQL, and
 * after each round of writes the kept groups must equal one grouped scan of every finding, for
 * every unit and for each unit. A department's staff see what their department leads,
 * co-operates on or supervises: their figures (led part kept, the rest scanned) must equal the
 * scan of that scope too.
 */
const DAY = 86_400_000;
const NOW = Date.now();
const WARN_MS = 2 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

const UNITS = [randomUUID(), randomUUID()];
const DEPTS = [randomUUID(), randomUUID(), randomUUID()];
const LEADERS = [randomUUID(), randomUUID()];

/** A small deterministic generator, so that a failure can be run again as it was. */
function generator(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}

const inspectingSide: AuthUser = {
  userId: randomUUID(),
  username: 'xcb',
  roles: ['inspection_office'],
  departmentId: null,
  unitId: null,
  unitScope: null,
};

describe('dashboard groups: kept sums against a scan', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const rounds: string[] = [randomUUID(), randomUUID(), randomUUID()];
  const unitOf = (roundId: string) => UNITS[rounds.indexOf(roundId) % 2];
  const rnd = generator(19);

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    await dataSource.initialize();
    await runMigrationsWithRetry(dataSource);
    await dataSource.getRepository(RoundEntity).insert(
      rounds.map((id, i) => ({
        id,
        unitId: unitOf(id),
        batchId: null,
        title: `第${i + 1}轮`,
        source: 'inspection' as const,
        inspectingBody: null,
        feedbackDate: null,
        dueAt: null,
        publication: null,
        findingSeq: 0,
        createdBy: inspectingSide.userId,
        createdAt: iso(NOW),
      })),
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  /**
   * A finding row in a random state: any stage, dates around now, counters, withdrawn or not.
   * Without `escalatedOnce`, as the projection's rows: the trigger on escalations sets it.
   */
  function randomFinding(id: string, seq: number): Omit<FindingEntity, 'escalatedOnce'> {
    const roundId = rnd.pick(rounds);
    const stage: Stage = rnd.pick(STAGES);
    const closed = stage === 'closed';
    const dueAt = rnd.chance(0.8) ? iso(NOW + (rnd.int(9) - 4) * DAY) : null;
    return {
      id,
      roundId,
      unitId: unitOf(roundId),
      areaId: null,
      themeId: null,
      code: `F-${seq}`,
      seq,
      title: `问题${seq}`,
      areaTitle: null,
      themeTitle: null,
      stage,
      longTerm: rnd.chance(0.2),
      responsibleLeaderId: rnd.chance(0.9) ? rnd.pick(LEADERS) : null,
      leadDepartmentId: rnd.chance(0.9) ? rnd.pick(DEPTS) : null,
      // Co-departments now and then, the lead itself among them at times (a slip that must not
      // count a finding twice in its department's figures).
      coDepartmentIds: rnd.chance(0.3) ? DEPTS.filter(() => rnd.chance(0.5)) : [],
      dueAt,
      // Closed findings mostly have no next due time (a few wait for a look-back); an open one
      // now and then has none either (green). Due times from four days late to four ahead, the
      // warning window being two days: red, yellow and green.
      nextDueAt: rnd.chance(closed ? 0.2 : 0.9) ? iso(NOW + (rnd.int(9) - 4) * DAY) : null,
      escalationLevel: rnd.chance(0.15) ? 1 + rnd.int(2) : 0,
      cycle: 0,
      sentBackCount: rnd.int(3),
      accountabilityCount: rnd.int(2),
      closedAt: closed ? iso(NOW + (rnd.int(9) - 6) * DAY) : null,
      lastReport: null,
      createdAt: iso(NOW - 10 * DAY),
      updatedAt: iso(NOW),
      halted: false,
      resumedAt: null,
      withdrawn: rnd.chance(0.1),
      withdrawnReason: null,
      withheld: false,
      withheldReason: null,
    };
  }

  const byKey = <T extends object>(groups: T[], key: (g: T) => unknown[]) =>
    [...groups].sort((a, b) => JSON.stringify(key(a)).localeCompare(JSON.stringify(key(b))));
  const sorted = (g: DashboardGroups) => ({
    byStageLeader: byKey(g.byStageLeader, (x) => [x.stage, x.leaderId]),
    byDepartment: byKey(g.byDepartment, (x) => [x.departmentId]),
  });

  /** A department's staff in a unit (DEPTS serve both units here; the figures do not mind). */
  const staffOf = (departmentId: string, unitId: string): AuthUser => ({
    userId: randomUUID(),
    username: `staff-${departmentId}`,
    roles: ['department'],
    departmentId,
    unitId,
    unitScope: null,
  });

  /** Both ways, for every scope the inspecting side can ask for, and for each department. */
  async function expectKeptEqualsScan(): Promise<void> {
    const now = new Date();
    const findings = new FindingsService(dataSource, {
      timing: { warnBeforeMs: WARN_MS },
    } as never);
    for (const unitId of UNITS) {
      for (const departmentId of DEPTS) {
        const staff = staffOf(departmentId, unitId);
        const live = () =>
          findings
            .scope(dataSource.getRepository(FindingEntity).createQueryBuilder('f'), staff, 'f')
            .andWhere('NOT f.withdrawn')
            .setParameters(lightParameters(now, WARN_MS));
        const split = await departmentGroups(dataSource, live, staff, departmentId, undefined);
        const scanned = await scannedGroups(live());
        // Not empty: the department sees findings it leads and others it only co-operates on.
        expect(scanned.byDepartment.length).toBeGreaterThan(1);
        expect({ unitId, departmentId, groups: sorted(split) }).toEqual({
          unitId,
          departmentId,
          groups: sorted(scanned),
        });
      }
    }
    for (const unitId of [undefined, ...UNITS]) {
      const live = () => {
        const q = dataSource.getRepository(FindingEntity).createQueryBuilder('f');
        return scopeToUnits(q, inspectingSide, 'f.unitId', unitId)
          .andWhere('NOT f.withdrawn')
          .setParameters(lightParameters(now, WARN_MS));
      };
      const kept = await keptGroups(
        dataSource,
        live,
        lightParameters(now, WARN_MS),
        inspectingSide,
        unitId,
      );
      const scanned = await scannedGroups(live());
      expect({ unitId, groups: sorted(kept) }).toEqual({ unitId, groups: sorted(scanned) });
    }
    // No group went below zero (a share taken away twice, or from the wrong group).
    const negative = await dataSource
      .getRepository(FindingSumEntity)
      .createQueryBuilder('s')
      .where(
        's.n < 0 OR s.lit < 0 OR s.onTime < 0 OR s.sentBack < 0 OR s.escalated < 0 OR s.longTerm < 0',
      )
      .getCount();
    expect(negative).toBe(0);
  }

  const ids: string[] = [];

  /** Escalation records (resolved) for findings, upserted by id as the projection writes them. */
  async function escalate(findingIds: string[]): Promise<void> {
    const repo = dataSource.getRepository(EscalationEntity);
    for (const findingId of findingIds) {
      const row = {
        id: randomUUID(),
        findingId,
        taskId: randomUUID(),
        taskKind: 'draft_measures' as const,
        level: 1,
        status: 'open' as const,
        escalationTaskId: null,
        action: null,
        comment: null,
        actorId: null,
        createdAt: iso(NOW - DAY),
        resolvedAt: null,
      };
      await repo.upsert(row, ['id']);
      // Resolved later: the same record again.
      await repo.upsert({ ...row, status: 'resolved', resolvedAt: iso(NOW) }, ['id']);
    }
  }

  it('counts findings as they are inserted', async () => {
    for (let i = 0; i < 120; i++) ids.push(randomUUID());
    await dataSource.getRepository(FindingEntity).insert(ids.map((id, i) => randomFinding(id, i)));
    // Past escalations: some findings back at level 0 with a resolved record.
    await escalate(ids.filter((_, i) => i % 7 === 0));
    // 督办单 to departments, on findings they may or may not lead or co-operate on.
    await dataSource.getRepository(SupervisionOrderEntity).insert(
      ids
        .filter((_, i) => i % 5 === 0)
        .map((findingId) => ({
          id: randomUUID(),
          findingId,
          cycle: 0,
          departmentId: rnd.pick(DEPTS),
          requirement: '限期整改到位',
          dueAt: iso(NOW + DAY),
          status: 'open' as const,
          taskId: null,
          issuedBy: inspectingSide.userId,
          issuedAt: iso(NOW - DAY),
          answer: null,
          evidenceIds: [],
          answeredBy: null,
          answeredAt: null,
          returnCount: 0,
          returnComment: null,
          closedBy: null,
          closedAt: null,
        })),
    );
    const total = await dataSource
      .getRepository(FindingSumEntity)
      .createQueryBuilder('s')
      .select('SUM(s.n)', 'n')
      .getRawOne<{ n: string | number }>();
    const live = await dataSource.getRepository(FindingEntity).countBy({ withdrawn: false });
    expect(Number(total?.n)).toBe(live);
    expect(live).toBeGreaterThan(90);
    await expectKeptEqualsScan();
  });

  it('follows whole-row upserts, as the projection writes each step', async () => {
    const repo = dataSource.getRepository(FindingEntity);
    for (const [i, id] of ids.entries()) {
      if (!rnd.chance(0.6)) continue;
      // Same id, new state: stage, department, leader, round and counters all may change.
      await repo.upsert(randomFinding(id, i), ['id']);
    }
    // An upsert that changes nothing the sums read (the projection's usual title/report edit).
    const same = await repo.findOneByOrFail({ id: ids[1] });
    await repo.upsert({ ...same, lastReport: '已完成整改' }, ['id']);
    await expectKeptEqualsScan();
  });

  it('follows column updates, withdrawals and deletions', async () => {
    const repo = dataSource.getRepository(FindingEntity);
    await repo.update({ id: ids[2] }, { withdrawn: true, withdrawnReason: '重复' });
    await repo.update({ id: ids[3] }, { withdrawn: false });
    await repo.update(
      { id: ids[4] },
      { stage: 'closed', closedAt: iso(NOW - DAY), dueAt: iso(NOW), nextDueAt: null },
    );
    await repo.update({ id: ids[5] }, { leadDepartmentId: null, responsibleLeaderId: null });
    await repo.update({ id: ids[6] }, { escalationLevel: 0 });
    await repo.update({ id: ids[7] }, { escalationLevel: 2, sentBackCount: 5 });
    // Many rows in one statement, and a change of nothing the sums read.
    await repo.update({ roundId: rounds[0] }, { longTerm: true });
    await repo.update({ roundId: rounds[1] }, { lastReport: '阶段性报告' });
    // Closed findings whose look-back falls due or is done: only the next due time changes.
    const closed = await repo.find({ where: { stage: 'closed', withdrawn: false }, take: 6 });
    expect(closed.length).toBeGreaterThan(3);
    for (const f of closed)
      await repo.update({ id: f.id }, { nextDueAt: f.nextDueAt ? null : iso(NOW + DAY) });
    // Escalated now, and once more for one escalated before.
    await escalate([ids[11], ids[12], ids[14]]);
    await repo.delete({ id: ids[8] });
    await repo.delete({ id: ids[9] });
    await expectKeptEqualsScan();
  });

  it('follows SQL run by hand', async () => {
    const no = db.databaseUrl ? 'false' : '0';
    await dataSource.query(
      `UPDATE "findings" SET "stage" = 'closed', "closedAt" = "dueAt", "nextDueAt" = NULL WHERE "stage" = 'review_1' AND "withdrawn" = ${no}`,
    );
    await dataSource.query(`DELETE FROM "findings" WHERE "seq" % 11 = 0`);
    await expectKeptEqualsScan();
  });
});
