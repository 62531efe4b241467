// The inbox's floor: the very SQL the API runs for GET /api/inbox, run directly through the
// driver (better-sqlite3 / pg). The SQL is not copied here: the bench runs the compiled
// InboxService from dist/ once against the same database with a logger that records every
// query and its parameters, so the floor follows the service whenever its query changes.

import { requireDist } from './dist.mjs';
import Database from 'better-sqlite3';
import pg from 'pg';

const loadDist = () =>
  requireDist({
    persistence: '@rectiflow/persistence',
    config: '@rectiflow/config',
    inbox: 'apps/api/src/inbox/inbox.service.js',
    dto: 'apps/api/src/inbox/dto/inbox-query.dto.js',
  });

/**
 * Runs InboxService.list for `actor` once and returns the SELECTs it issued.
 * @param {{ dataDir: string, databaseUrl: string | null, actor: { userId: string, username: string, roles: string[], departmentId: string | null }, query?: Record<string, unknown> }} opts
 * @returns {Promise<{ queries: { sql: string, params: unknown[] }[], answer: { items: unknown[], total: number } }>}
 */
export async function captureInboxSql({ dataDir, databaseUrl, actor, query = {} }) {
  const { persistence, config, inbox, dto } = loadDist();
  const dataSource = persistence.createDataSource({ databaseUrl, dataDir, poolSize: 1 });
  await dataSource.initialize();
  const queries = [];
  const ignore = () => undefined;
  dataSource.logger = {
    logQuery: (sql, params) => queries.push({ sql, params: params ?? [] }),
    logQueryError: ignore,
    logQuerySlow: ignore,
    logSchemaBuild: ignore,
    logMigration: ignore,
    log: ignore,
  };
  try {
    const appConfig = config.loadConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '' });
    const service = new inbox.InboxService(dataSource, appConfig);
    const q = Object.assign(new dto.InboxQueryDto(), query);
    const answer = await service.list(actor, q);
    const selects = queries.filter((x) => /^\s*SELECT/i.test(x.sql));
    if (selects.length === 0) throw new Error('InboxService.list issued no SELECT');
    return { queries: selects, answer };
  } finally {
    await dataSource.destroy();
  }
}

/** A function that runs the captured queries once through better-sqlite3; returns row counts. */
export function sqliteRunner(file, queries) {
  const db = new Database(file, { fileMustExist: true });
  db.pragma('busy_timeout = 15000');
  const stmts = queries.map((q) => ({ stmt: db.prepare(q.sql), params: q.params }));
  return {
    run: () => stmts.map(({ stmt, params }) => stmt.all(...params).length),
    close: () => db.close(),
  };
}

/**
 * A function that runs the captured queries once through one pg connection, with the session
 * settings the API's connections have (JIT off: libs/persistence, POSTGRES_SESSION_OPTIONS),
 * each prepared once by name as the API's inbox does (InboxSql.run): the floor is the SQL's
 * execution, not its parsing and planning.
 */
export async function pgRunner(connectionString, queries) {
  const { persistence } = requireDist({ persistence: '@rectiflow/persistence' });
  const client = new pg.Client({
    connectionString,
    options: persistence.POSTGRES_SESSION_OPTIONS,
  });
  await client.connect();
  return {
    run: async () => {
      const counts = [];
      for (const [i, q] of queries.entries())
        counts.push(
          (await client.query({ name: `floor${i}`, text: q.sql, values: q.params })).rowCount,
        );
      return counts;
    },
    close: () => client.end(),
  };
}
