import { createDataSource, MIGRATIONS, runMigrationsLocked } from '@rectiflow/persistence';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * API replicas, workers and `npm run migrate` all migrate at start: on PostgreSQL an advisory
 * lock lets one in at a time, so replicas starting together neither fail nor migrate twice.
 * (SQLite is one file on one host, where the callers' retry settles a race.)
 */
(process.env.DATABASE_URL ? describe : describe.skip)('migrations under the advisory lock', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('applies every migration once when four processes start together', async () => {
    const sources = Array.from({ length: 4 }, () =>
      createDataSource({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, poolSize: 2 }),
    );
    await Promise.all(sources.map((s) => s.initialize()));
    try {
      const applied = await Promise.all(sources.map((s) => runMigrationsLocked(s)));
      expect(applied.map((a) => a.length).sort()).toEqual([0, 0, 0, MIGRATIONS.length]);
      const rows: { name: string }[] = await sources[0].query('SELECT name FROM migrations');
      expect(rows).toHaveLength(MIGRATIONS.length);
    } finally {
      await Promise.all(sources.map((s) => s.destroy()));
    }
  });
});
