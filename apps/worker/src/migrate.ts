import 'reflect-metadata';
import { loadConfig } from '@rectiflow/config';
import { createDataSource, runMigrationsLocked } from '@rectiflow/persistence';

/**
 * `npm run migrate`: brings the read model's schema up to date as a deployment step of its
 * own, before new API and worker versions start (they also migrate at boot; the same lock
 * keeps every one of them from migrating at once). Prints what it applied.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = createDataSource({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 2,
  });
  await dataSource.initialize();
  try {
    const applied = await runMigrationsLocked(dataSource);
    const where = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
    console.log(
      applied.length
        ? `migrated the read model on ${where}: ${applied.map((m) => m.name).join(', ')}`
        : `the read model on ${where} is up to date`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
