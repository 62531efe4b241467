import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@rectiflow/config';
import {
  dutiesFromHistory,
  mayTakeTask,
  separationOfDuties,
  TASK_KINDS,
  type Actor,
  type Role,
  type TaskKind,
} from '@rectiflow/domain';
import {
  createDataSource,
  FindingEntity,
  MeasureEntity,
  RoundEntity,
  runMigrationsWithRetry,
  TaskEntity,
  type WorkflowTaskEntity,
} from '@rectiflow/persistence';
import { InboxCountsQueryDto, InboxQueryDto } from '../../apps/api/src/inbox/dto/inbox-query.dto';
import { InboxService } from '../../apps/api/src/inbox/inbox.service';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The inbox's hand-written SQL (apps/api/src/inbox/inbox-sql.ts) against the rules it
 * implements, on the real read model (SQLite, or PostgreSQL when DATABASE_URL is set): for a
 * spread of tasks and callers, every page and count must be what the domain's own
 * `mayTakeTask` and the documented order (due first, none last, then oldest) say.
 */
const DAY = 86_400_000;
const NOW = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

const D1 = randomUUID();
const D2 = randomUUID();
const ME = randomUUID();
const OTHER = randomUUID();
/** Two units: the first round's tasks are unit A's, the second's unit B's. */
const UNIT_A = randomUUID();
const UNIT_B = randomUUID();

/** Callers of every shape the SQL tells apart. */
const ACTORS: Record<string, Actor> = {
  office: { userId: randomUUID(), roles: ['office'], departmentId: null, unitId: UNIT_A },
  department: { userId: ME, roles: ['department'], departmentId: D1, unitId: UNIT_A },
  head2: { userId: randomUUID(), roles: ['department_head'], departmentId: D2, unitId: UNIT_A },
  leader: { userId: OTHER, roles: ['leader'], departmentId: null, unitId: UNIT_A },
  committeeAndHead: {
    userId: randomUUID(),
    roles: ['committee', 'department_head'],
    departmentId: D1,
    unitId: UNIT_A,
  },
  // A task of both of its roles (review_3: office, then committee) matches two of the page's
  // branches, and must be listed and counted once.
  officeAndCommittee: {
    userId: randomUUID(),
    roles: ['office', 'committee'],
    departmentId: null,
    unitId: UNIT_A,
  },
  departmentWithoutOne: {
    userId: randomUUID(),
    roles: ['department'],
    departmentId: null,
    unitId: UNIT_A,
  },
  nobody: { userId: randomUUID(), roles: [], departmentId: null, unitId: UNIT_A },
  officeOfUnitB: { userId: randomUUID(), roles: ['office'], departmentId: null, unitId: UNIT_B },
  departmentOfUnitB: { userId: ME, roles: ['department'], departmentId: D1, unitId: UNIT_B },
  headOfUnitB: {
    userId: randomUUID(),
    roles: ['department_head'],
    departmentId: D1,
    unitId: UNIT_B,
  },
  inspectingSideSupervisor: {
    userId: randomUUID(),
    roles: ['supervisor', 'inspection_office'],
    departmentId: null,
    unitId: null,
  },
};

const KINDS: { kind: TaskKind; role: Role; role2: Role | null; scoped: boolean }[] = [
  { kind: 'assign', role: 'office', role2: null, scoped: false },
  { kind: 'draft_measures', role: 'department', role2: null, scoped: true },
  { kind: 'approve_measures', role: 'leader', role2: null, scoped: false },
  { kind: 'review_1', role: 'department_head', role2: null, scoped: true },
  { kind: 'review_3', role: 'office', role2: 'committee', scoped: false },
  { kind: 'look_back', role: 'supervisor', role2: 'office', scoped: false },
];

describe('inbox SQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let service: InboxService;
  // Every task here is a workflow's (public comments have their own e2e test).
  let tasks: WorkflowTaskEntity[];
  const titles = new Map<string, string>();
  const rounds = [randomUUID(), randomUUID()];
  let seqOf = new Map<string, number>();
  /** What a search may match of each finding: its number, title and measures. */
  let searchable = new Map<string, string>();

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    await dataSource.initialize();
    await runMigrationsWithRetry(dataSource);
    service = new InboxService(
      dataSource,
      loadConfig({ DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '' }),
    );

    await dataSource.getRepository(RoundEntity).insert(
      rounds.map((id, i) => ({
        id,
        unitId: [UNIT_A, UNIT_B][i],
        batchId: null,
        title: `第${i + 1}轮`,
        source: 'inspection' as const,
        inspectingBody: null,
        feedbackDate: null,
        dueAt: null,
        publication: null,
        findingSeq: 0,
        createdBy: OTHER,
        createdAt: iso(NOW),
      })),
    );
    const findings = Array.from({ length: 12 }, (_, i) => {
      const id = randomUUID();
      titles.set(id, `第${i + 1}项：学习制度执行不到位`);
      return {
        id,
        roundId: rounds[i % 2],
        unitId: [UNIT_A, UNIT_B][i % 2],
        areaId: null,
        themeId: null,
        code: `F-${i + 1}`,
        seq: i + 1,
        title: titles.get(id)!,
        areaTitle: null,
        themeTitle: null,
        stage: 'draft_measures' as const,
        longTerm: false,
        responsibleLeaderId: OTHER,
        leadDepartmentId: D1,
        coDepartmentIds: [],
        dueAt: null,
        nextDueAt: null,
        escalationLevel: 0,
        cycle: 0,
        sentBackCount: 0,
        accountabilityCount: 0,
        closedAt: null,
        lastReport: null,
        createdAt: iso(NOW),
        updatedAt: iso(NOW),
      };
    });
    await dataSource.getRepository(FindingEntity).insert(findings.map((f) => ({ ...f })));
    // A measure to be found by its words (the 5th finding's, whose title does not have them).
    await dataSource.getRepository(MeasureEntity).insert({
      id: randomUUID(),
      findingId: findings[4].id,
      cycle: 0,
      seq: 1,
      text: '建立专项资金台账',
      ownerDepartmentId: null,
      dueAt: null,
      done: false,
    });
    seqOf = new Map(findings.map((f) => [f.id, f.seq]));
    searchable = new Map(findings.map((f) => [f.id, `${f.code} ${f.title}`]));
    searchable.set(findings[4].id, `${searchable.get(findings[4].id)} 建立专项资金台账`);

    // Every combination of kind, status, department and due time (none, overdue by a day and
    // a half or half a day, due in half a day or more), personal steps of the caller and of
    // someone else, claims by the caller and by someone else. Creation times all differ and
    // are scrambled, so the expected order is total and not the insertion order.
    const statuses = ['open', 'open', 'claimed', 'done', 'cancelled'] as const;
    const departments = [D1, D2, null];
    const n = KINDS.length * statuses.length * departments.length * 6;
    tasks = [];
    for (let i = 0; i < n; i++) {
      const k = KINDS[i % KINDS.length];
      const s = Math.floor(i / KINDS.length);
      const status = statuses[s % statuses.length];
      const dept = departments[Math.floor(s / statuses.length) % departments.length];
      const due = Math.floor(s / (statuses.length * departments.length)) % 6;
      const finding = findings[i % findings.length];
      tasks.push({
        id: randomUUID(),
        findingId: finding.id,
        roundId: finding.roundId,
        unitId: finding.unitId,
        kind: k.kind,
        role: k.role,
        role2: k.role2,
        departmentId: k.scoped ? dept : null,
        targetUserId: k.kind === 'approve_measures' ? [ME, OTHER][s % 2] : null,
        assigneeId: status === 'claimed' ? [ME, OTHER][(s + due) % 2] : null,
        status,
        dueAt: due === 0 ? null : iso(NOW + (due - 2.5) * DAY + i * 1000),
        cycle: 0,
        subjectTaskId: null,
        escalationLevel: 0,
        createdAt: iso(NOW - 30 * DAY + ((i * 37) % n) * 60_000),
        completedAt: status === 'done' ? iso(NOW) : null,
        completedBy: status === 'done' ? OTHER : null,
      });
    }
    // Finished steps that bar some callers from open tasks of the same finding (separation of
    // duties), and later ones that lift the bar: the 3rd and 9th findings hold approvals, the
    // 4th and 10th review_1, the 5th and 11th review_3 (the kind goes with the finding above).
    const finished = (findingIndex: number, kind: TaskKind, by: string, daysAgo: number) => {
      const finding = findings[findingIndex];
      const k = KINDS.find((x) => x.kind === kind);
      tasks.push({
        id: randomUUID(),
        findingId: finding.id,
        roundId: finding.roundId,
        unitId: finding.unitId,
        kind,
        role: k?.role ?? 'department',
        role2: k?.role2 ?? null,
        departmentId: D1,
        targetUserId: null,
        assigneeId: null,
        status: 'done',
        dueAt: null,
        cycle: 0,
        subjectTaskId: null,
        escalationLevel: 0,
        createdAt: iso(NOW - 40 * DAY),
        completedAt: iso(NOW - daysAgo * DAY),
        completedBy: by,
      });
    };
    // The leader drafted the 9th finding's measures: not its approval. The 3rd's were drafted
    // again since, by someone else.
    finished(8, 'draft_measures', OTHER, 2);
    finished(2, 'draft_measures', OTHER, 2);
    finished(2, 'draft_measures', ME, 1);
    // The 4th finding's evidence was submitted by a department head: not its review_1. The
    // 10th's was submitted again since, by someone else.
    finished(3, 'submit_evidence', ACTORS.headOfUnitB.userId, 1);
    finished(9, 'submit_evidence', ACTORS.headOfUnitB.userId, 2);
    finished(9, 'submit_evidence', OTHER, 1);
    // A reviewer at level 1 may not do level 3 of the same submission (5th finding); evidence
    // submitted again starts the reviews afresh (11th).
    for (const i of [4, 10]) {
      finished(i, 'submit_evidence', OTHER, 3);
      finished(i, 'review_1', ACTORS.officeAndCommittee.userId, 2);
    }
    finished(10, 'submit_evidence', OTHER, 1);
    await dataSource.getRepository(TaskEntity).insert(tasks);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  /** What the inbox must hold for `actor`, in order: the rules, not the SQL. */
  function expected(actor: Actor, filters: Partial<InboxQueryDto>) {
    const barred = (t: WorkflowTaskEntity) =>
      separationOfDuties(
        dutiesFromHistory(tasks.filter((d) => d.findingId === t.findingId && d.status === 'done')),
        t.kind,
        actor.userId,
      ) !== null;
    const inInbox = (t: WorkflowTaskEntity) =>
      ((t.status === 'open' &&
        mayTakeTask(actor, {
          ...t,
          roles: t.role2 ? [t.role as Role, t.role2 as Role] : [t.role as Role],
        })) ||
        (t.status === 'claimed' && t.assigneeId === actor.userId)) &&
      !barred(t);
    const desc = filters.order === 'desc' ? -1 : 1;
    const byDue = (a: TaskEntity, b: TaskEntity, dir = 1) =>
      Number(a.dueAt === null) - Number(b.dueAt === null) ||
      dir * (a.dueAt ?? '').localeCompare(b.dueAt ?? '') ||
      a.createdAt.localeCompare(b.createdAt);
    return tasks
      .filter(inInbox)
      .filter((t) => !filters.kind || t.kind === filters.kind)
      .filter((t) => !filters.roundId || t.roundId === filters.roundId)
      .filter((t) => !filters.overdue || (t.dueAt !== null && t.dueAt < iso(Date.now())))
      .filter((t) => !filters.q || searchable.get(t.findingId)!.includes(filters.q))
      .sort((a, b) =>
        filters.sort === 'code'
          ? desc * (seqOf.get(a.findingId)! - seqOf.get(b.findingId)!) || byDue(a, b)
          : filters.sort === 'kind'
            ? desc * (TASK_KINDS.indexOf(a.kind) - TASK_KINDS.indexOf(b.kind)) || byDue(a, b)
            : byDue(a, b, desc),
      );
  }

  const query = (q: Partial<InboxQueryDto>) => Object.assign(new InboxQueryDto(), q);

  it.each(Object.keys(ACTORS))(
    'pages and counts the inbox of %s as the rules say',
    async (name) => {
      const actor = ACTORS[name];
      const variants: Partial<InboxQueryDto>[] = [
        {},
        { pageSize: 7 },
        { page: 2, pageSize: 7 },
        { page: 50, pageSize: 7 },
        { kind: 'review_3' },
        { roundId: rounds[1], pageSize: 500 },
        { overdue: true },
        { kind: 'draft_measures', roundId: rounds[0], overdue: true },
        // The order a clerk picks, and a search across rounds (title, number, measures).
        { sort: 'code', roundId: rounds[0], pageSize: 500 },
        { sort: 'code', order: 'desc', roundId: rounds[1], pageSize: 9 },
        { sort: 'kind', pageSize: 500 },
        { sort: 'kind', order: 'desc', page: 2, pageSize: 5 },
        { sort: 'due', order: 'desc', pageSize: 500 },
        { q: '第3项' },
        { q: 'F-1', pageSize: 500 },
        { q: '专项资金', pageSize: 500 },
      ];
      for (const v of variants) {
        const q = query(v);
        const all = expected(actor, q);
        const answer = await service.list(actor, q);
        const from = (q.page - 1) * q.pageSize;
        expect({ v, total: answer.total, ids: answer.items.map((t) => t.id) }).toEqual({
          v,
          total: all.length,
          ids: all.slice(from, from + q.pageSize).map((t) => t.id),
        });
        for (const item of answer.items) {
          expect(item.findingTitle).toBe(titles.get(item.findingId!));
          expect(item.findingCode).toBe(`F-${seqOf.get(item.findingId!)}`);
        }
      }

      const counts = await service.counts(actor);
      const open = expected(actor, {});
      const byKind: Record<string, number> = {};
      for (const t of open) byKind[t.kind] = (byKind[t.kind] ?? 0) + 1;
      expect(counts).toEqual({
        total: open.length,
        overdue: expected(actor, { overdue: true }).length,
        byKind,
      });
      // The counts follow the list's round and search.
      const narrowed = { roundId: rounds[0], q: '学习' };
      const inRound = expected(actor, narrowed);
      expect(
        await service.counts(actor, Object.assign(new InboxCountsQueryDto(), narrowed)),
      ).toMatchObject({
        total: inRound.length,
        overdue: inRound.filter((t) => t.dueAt !== null && t.dueAt < iso(Date.now())).length,
      });
    },
  );

  it('has every task of a non-empty inbox in its API shape', async () => {
    const { items } = await service.list(ACTORS.committeeAndHead, query({ pageSize: 500 }));
    expect(items.length).toBeGreaterThan(0);
    const t = tasks.find((x) => x.id === items[0].id)!;
    expect(items[0]).toEqual({
      id: t.id,
      kind: t.kind,
      findingId: t.findingId,
      findingTitle: titles.get(t.findingId),
      findingCode: `F-${seqOf.get(t.findingId)}`,
      roundId: t.roundId,
      unitId: t.unitId,
      role: t.role,
      roles: t.role2 ? [t.role, t.role2] : [t.role],
      departmentId: t.departmentId,
      assigneeId: t.assigneeId,
      targetUserId: t.targetUserId,
      status: t.status,
      dueAt: t.dueAt,
      overdue: expect.any(Boolean),
      light: expect.stringMatching(/^(green|yellow|red)$/),
      escalationLevel: 0,
      subjectTaskId: null,
      cycle: 0,
      createdAt: t.createdAt,
      completedAt: null,
      completedBy: null,
    });
  });

  (process.env.DATABASE_URL ? it : it.skip)(
    'prepares its count and page once per connection on PostgreSQL, for every page',
    async () => {
      // One connection, so that the statements it prepared can be read back on it.
      const single = createDataSource({
        databaseUrl: db.databaseUrl,
        dataDir: db.dataDir,
        poolSize: 1,
      });
      await single.initialize();
      try {
        const one = new InboxService(
          single,
          loadConfig({ DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '' }),
        );
        const actor = ACTORS.committeeAndHead;
        const all = expected(actor, {});
        expect(all.length).toBeGreaterThan(4);
        const seen: string[] = [];
        for (const page of [1, 2, 3]) {
          const answer = await one.list(actor, query({ pageSize: 2, page }));
          expect(answer.total).toBe(all.length);
          seen.push(...answer.items.map((i) => i.id));
        }
        expect(seen).toEqual(all.slice(0, 6).map((t) => t.id));
        const prepared = await single.query<{ name: string }[]>(
          `SELECT name FROM pg_prepared_statements WHERE name LIKE 'inbox\\_%'`,
        );
        // The count and the page, whichever page: LIMIT and OFFSET are bound, not written in.
        expect(prepared).toHaveLength(2);
      } finally {
        await single.destroy();
      }
    },
  );

  it('refuses a page that is not a whole number instead of writing it into the SQL', async () => {
    await expect(
      service.list(ACTORS.office, query({ pageSize: '1; DROP TABLE tasks' as unknown as number })),
    ).rejects.toThrow(TypeError);
    await expect(service.list(ACTORS.office, query({ pageSize: 7.5 }))).rejects.toThrow(TypeError);
  });
});
