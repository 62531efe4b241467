import type { DataSource, EntityManager } from 'typeorm';
import {
  FindingEntity,
  MeasureEntity,
  ReviewEntity,
  createDataSource,
  insertRows,
  runMigrationsWithRetry,
  writeTransaction,
} from '@rectiflow/persistence';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The projection's writes (insertRows): every value a bound parameter, so that a step's
 * statements are the same text each time and the connection prepares them once, with the
 * semantics of TypeORM's upsert and insert-or-ignore that they replace (SQLite, and PostgreSQL
 * when DATABASE_URL is set).
 */
describe('insertRows: bound upserts and inserts', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    await ds.initialize();
    await runMigrationsWithRetry(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const finding = (id: string, seq: number, stage: string, coDepartmentIds: string[]) =>
    ({
      id,
      roundId: 'round-bound-insert',
      unitId: 'unit-bound-insert',
      areaId: null,
      themeId: null,
      code: `X-${seq}`,
      seq,
      title: '绑定参数样本',
      areaTitle: null,
      themeTitle: null,
      stage,
      longTerm: seq % 2 === 0,
      responsibleLeaderId: null,
      leadDepartmentId: 'dept-bound-insert',
      coDepartmentIds,
      dueAt: null,
      nextDueAt: null,
      escalationLevel: 0,
      cycle: 1,
      sentBackCount: seq % 7,
      accountabilityCount: 0,
      closedAt: null,
      lastReport: null,
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedAt: '2026-12-01T00:00:00.000Z',
    }) as Partial<FindingEntity>;

  /** Runs `work` in a write transaction, with the SQL texts it sent. */
  const traced = async (work: (em: EntityManager) => Promise<void>): Promise<string[]> => {
    const sql: string[] = [];
    await writeTransaction(ds, async (em) => {
      const query = em.query.bind(em);
      em.query = ((text: string, parameters?: unknown[]) => {
        sql.push(text);
        return query(text, parameters);
      }) as EntityManager['query'];
      await work(em);
    });
    return sql;
  };

  it('sends the same statement text whatever the numbers, and upserts what the row names', async () => {
    const upsert = { action: 'update', columns: ['id'] } as const;
    const first = await traced((em) =>
      insertRows(em, FindingEntity, [finding('f-bound-1', 987_651, 'draft', ['d2'])], upsert),
    );
    // Set outside the projection, as the API's halt sweep does: an upsert must leave it.
    await ds.getRepository(FindingEntity).update({ id: 'f-bound-1' }, { halted: true });
    const second = await traced((em) =>
      insertRows(em, FindingEntity, [finding('f-bound-1', 123_456, 'review_1', [])], upsert),
    );
    expect(first).toHaveLength(1);
    expect(second).toEqual(first);
    expect(first[0]).not.toContain('987651');
    expect(first[0]).not.toContain('halted');

    const row = await ds.getRepository(FindingEntity).findOneByOrFail({ id: 'f-bound-1' });
    expect(row).toMatchObject({
      seq: 123_456,
      stage: 'review_1',
      longTerm: true,
      sentBackCount: 123_456 % 7,
      coDepartmentIds: [],
      halted: true,
      withdrawn: false,
    });
  });

  it('skips a row that is there already when asked to ignore', async () => {
    const review = (comment: string) => ({
      id: 'r-bound-1',
      findingId: 'f-bound-1',
      cycle: 1,
      level: 2,
      decision: 'approve' as const,
      comment,
      reviewerId: 'u1',
      at: '2026-12-01T00:00:00.000Z',
    });
    await writeTransaction(ds, (em) =>
      insertRows(em, ReviewEntity, [review('first')], { action: 'ignore' }),
    );
    await writeTransaction(ds, (em) =>
      insertRows(em, ReviewEntity, [review('second')], { action: 'ignore' }),
    );
    const rows = await ds.getRepository(ReviewEntity).findBy({ findingId: 'f-bound-1' });
    expect(rows.map((r) => r.comment)).toEqual(['first']);
  });

  it('writes rows that name different columns, each with its own', async () => {
    const sql = await traced((em) =>
      insertRows(em, MeasureEntity, [
        {
          id: 'm-bound-1',
          findingId: 'f-bound-1',
          cycle: 1,
          seq: 1,
          text: '一是',
          ownerDepartmentId: null,
          dueAt: '2027-01-31T16:00:00.000Z',
          done: true,
        },
        { id: 'm-bound-2', findingId: 'f-bound-1', cycle: 1, seq: 2, text: '二是', done: false },
      ]),
    );
    expect(sql).toHaveLength(2);
    const rows = await ds
      .getRepository(MeasureEntity)
      .find({ where: { findingId: 'f-bound-1' }, order: { seq: 'ASC' } });
    expect(rows.map((m) => [m.id, m.dueAt, m.ownerDepartmentId, m.done])).toEqual([
      ['m-bound-1', '2027-01-31T16:00:00.000Z', null, true],
      ['m-bound-2', null, null, false],
    ]);
  });
});
