import type { DataSource } from 'typeorm';
import { createDataSource, runMigrationsWithRetry } from '@rectiflow/persistence';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The schema changes only through migrations (`synchronize` is off), and the entities describe
 * what the code reads and writes: after every migration has run, TypeORM must find nothing to
 * change between the two (SQLite, and PostgreSQL when DATABASE_URL is set). A column, index or
 * constraint added to an entity without its migration, or the reverse, fails here.
 */
describe('migrations and entities', () => {
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

  it('build exactly the schema the entities describe', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
