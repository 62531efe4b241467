import type { DataSource, Migration } from 'typeorm';

/**
 * The key of the PostgreSQL advisory lock held while migrating ("rectiflow" read as a
 * number): API replicas, workers and `npm run migrate` take it, so only one of them applies
 * migrations at a time and the others, once they get it, find nothing left to do.
 */
export const MIGRATION_LOCK_KEY = 7_266_524_912_343_254_833n;

/**
 * Runs pending migrations, one process at a time: on PostgreSQL under a session advisory
 * lock; on SQLite (one host, one file) the caller's retry settles a race. Returns what ran.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<Migration[]> {
  if (dataSource.options.type !== 'postgres') {
    return dataSource.runMigrations({ transaction: 'all' });
  }
  // A connection of its own holds the lock while runMigrations uses another from the pool.
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      return await dataSource.runMigrations({ transaction: 'all' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    await runner.release();
  }
}
