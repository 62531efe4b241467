import type { DataSource } from 'typeorm';
import { createDataSource, MIGRATIONS, runMigrationsWithRetry } from '@rectiflow/persistence';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Migration 1769600000000 makes tasks.findingId nullable (a public comment's task has no
 * finding). A database with tasks keeps every task's finding and the finding index across it, on
 * SQLite (the table is rebuilt) and PostgreSQL (altered in place) alike.
 */
describe('public comments migration', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('keeps existing tasks and their findings', async () => {
    const last = MIGRATIONS.findIndex((m) => m.name === 'PublicComments1769600000000');
    expect(last).toBeGreaterThan(0);
    const before = createDataSource({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    (before.options as { migrations: unknown[] }).migrations = MIGRATIONS.slice(0, last);
    await before.initialize();
    await runMigrationsWithRetry(before);
    const values = [
      't1',
      'f1',
      'r1',
      'u1',
      'assign',
      'office',
      'open',
      1,
      0,
      '2026-01-01T00:00:00.000Z',
    ];
    const marks = db.databaseUrl ? values.map((_, i) => `$${i + 1}`) : values.map(() => '?');
    await before.query(
      `INSERT INTO "tasks" ("id","findingId","roundId","unitId","kind","role","status","cycle","escalationLevel","createdAt") VALUES (${marks.join(',')})`,
      values,
    );
    await before.destroy();

    dataSource = createDataSource({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    await dataSource.initialize();
    await runMigrationsWithRetry(dataSource);
    expect(await dataSource.query(`SELECT "id", "findingId" FROM "tasks"`)).toEqual([
      { id: 't1', findingId: 'f1' },
    ]);
    const table = await dataSource.createQueryRunner().getTable('tasks');
    expect(table?.findColumnByName('findingId')?.isNullable).toBe(true);
    expect(table?.indices.map((i) => i.name)).toContain('idx_tasks_finding');
  });
});
