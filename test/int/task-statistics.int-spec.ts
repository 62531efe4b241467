import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrationsWithRetry, TaskEntity } from '@rectiflow/persistence';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * PostgreSQL's estimate of a department's tasks (migration 1770800000000): a department belongs
 * to one unit, and the planner must know it, or it takes a department's inbox of thousands for
 * a handful of tasks and sorts them all for every page. Twenty units of five departments, forty
 * tasks each: counted as independent, unit and department would leave 4,000 / 20 / 100 = 2.
 */
(process.env.DATABASE_URL ? describe : describe.skip)('tasks statistics (PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const units = Array.from({ length: 20 }, () => randomUUID());
  const departments = units.flatMap((unitId) =>
    Array.from({ length: 5 }, () => ({ unitId, departmentId: randomUUID() })),
  );

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    await dataSource.initialize();
    await runMigrationsWithRetry(dataSource);
    const createdAt = new Date().toISOString();
    const rows = departments.flatMap(({ unitId, departmentId }) =>
      Array.from({ length: 40 }, () => ({
        id: randomUUID(),
        findingId: null,
        roundId: randomUUID(),
        unitId,
        kind: 'draft_measures' as const,
        role: 'department' as const,
        role2: null,
        departmentId,
        targetUserId: null,
        assigneeId: null,
        status: 'open' as const,
        dueAt: null,
        cycle: 0,
        subjectTaskId: null,
        escalationLevel: 0,
        createdAt,
        completedAt: null,
        completedBy: null,
      })),
    );
    for (let i = 0; i < rows.length; i += 500)
      await dataSource.getRepository(TaskEntity).insert(rows.slice(i, i + 500));
    await dataSource.query('ANALYZE "tasks"');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it("estimates a department's tasks in its unit at about their number", async () => {
    const { unitId, departmentId } = departments[7];
    const [{ 'QUERY PLAN': plan }] = await dataSource.query<
      { 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[]
    >(
      `EXPLAIN (FORMAT JSON) SELECT "id" FROM "tasks" WHERE "unitId" = $1 AND "departmentId" = $2`,
      [unitId, departmentId],
    );
    const estimate = plan[0].Plan['Plan Rows'];
    expect(estimate).toBeGreaterThanOrEqual(20);
    expect(estimate).toBeLessThanOrEqual(80);
  });
});
