// The dashboard's floor: the very SQL the API runs for GET /api/dashboard, run directly through
// the driver, as bench/lib/inbox-sql.mjs does for the inbox. The compiled DashboardService (with
// the real FindingsService and RoundsService) runs once from dist/ against the same database with
// a logger that records every SELECT and its parameters; the floor replays them.

import { requireDist } from './dist.mjs';

const loadDist = () =>
  requireDist({
    persistence: '@rectiflow/persistence',
    config: '@rectiflow/config',
    dashboard: 'apps/api/src/dashboard/dashboard.service.js',
    findings: 'apps/api/src/findings/findings.service.js',
    rounds: 'apps/api/src/rounds/rounds.service.js',
    auth: 'apps/api/src/auth/auth.decorators.js',
  });

/** The caller as the API's auth guard builds it, from the users table of the same database. */
async function actorOf(dataSource, persistence, auth, username) {
  const u = await dataSource.getRepository(persistence.UserEntity).findOneByOrFail({ username });
  return auth.authUserOf(u);
}

/**
 * Runs DashboardService.dashboard once as `username` (one round or all) and returns the SELECTs
 * it issued and its answer.
 * @param {{ dataDir: string, databaseUrl: string | null, username: string, roundId?: string }} opts
 */
export async function captureDashboardSql({ dataDir, databaseUrl, username, roundId }) {
  const { persistence, config, dashboard, findings, rounds, auth } = loadDist();
  const dataSource = persistence.createDataSource({ databaseUrl, dataDir, poolSize: 1 });
  await dataSource.initialize();
  const queries = [];
  let recording = false;
  const ignore = () => undefined;
  dataSource.logger = {
    logQuery: (sql, params) => {
      if (recording) queries.push({ sql, params: params ?? [] });
    },
    logQueryError: ignore,
    logQuerySlow: ignore,
    logSchemaBuild: ignore,
    logMigration: ignore,
    log: ignore,
  };
  try {
    const actor = await actorOf(dataSource, persistence, auth, username);
    const appConfig = config.loadConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '' });
    const findingsService = new findings.FindingsService(dataSource, appConfig);
    // The audit service is used by the rounds service's writes only; mustSee reads.
    const roundsService = new rounds.RoundsService(dataSource, null, findingsService);
    const service = new dashboard.DashboardService(
      dataSource,
      findingsService,
      roundsService,
      appConfig,
    );
    recording = true;
    const answer = await service.dashboard(roundId, actor);
    recording = false;
    const selects = queries.filter((x) => /^\s*SELECT/i.test(x.sql));
    if (selects.length === 0) throw new Error('DashboardService.dashboard issued no SELECT');
    return { queries: selects, answer };
  } finally {
    await dataSource.destroy();
  }
}
