import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { MigrationInterface } from 'typeorm';
import {
  MIGRATIONS,
  UserEntity,
  createDataSource,
  runMigrationsWithRetry,
} from '@rectiflow/persistence';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Usernames written before they were canonical (`Alice`, full-width `ＢＯＢ`) are rewritten in
 * NFKC lower case, so they still sign in (the API looks names up that way); two that only
 * differ in case stop the migration, naming them (SQLite, and PostgreSQL with DATABASE_URL).
 */
describe('canonical usernames migration', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    await dataSource.initialize();
    await runMigrationsWithRetry(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const user = (username: string): UserEntity => ({
    id: randomUUID(),
    unitId: null,
    unitScope: null,
    username,
    displayName: username,
    passwordHash: 'x',
    roles: ['inspector'],
    departmentId: null,
    email: null,
    createdAt: new Date().toISOString(),
    active: true,
    tokenGeneration: 0,
    failedLogins: 0,
    lockedUntil: null,
    mustChangePassword: false,
    authSource: 'local',
  });

  async function migrate(): Promise<void> {
    const runner = dataSource.createQueryRunner();
    try {
      const Migration = MIGRATIONS.find((m) => m.name === 'CanonicalUsernames1767200000000') as
        (new () => MigrationInterface) | undefined;
      if (!Migration) throw new Error('the canonical-usernames migration is not registered');
      await new Migration().up(runner);
    } finally {
      await runner.release();
    }
  }

  it('rewrites older names in their canonical form', async () => {
    const repo = dataSource.getRepository(UserEntity);
    await repo.insert([user('Alice'), user('ＢＯＢ'), user('carol')]);
    await migrate();
    const names = (await repo.find()).map((u) => u.username).sort();
    expect(names).toEqual(expect.arrayContaining(['alice', 'bob', 'carol']));
    expect(names.filter((n) => n !== n.normalize('NFKC').toLowerCase())).toEqual([]);
  });

  it('stops on two names that differ only in case, naming them', async () => {
    const repo = dataSource.getRepository(UserEntity);
    await repo.insert([user('Dave'), user('dave')]);
    await expect(migrate()).rejects.toThrow(/Dave \/ dave|dave \/ Dave/);
    // Nothing was rewritten.
    expect(await repo.countBy({ username: 'Dave' })).toBe(1);
  });
});
