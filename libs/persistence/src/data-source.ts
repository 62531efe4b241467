import * as fs from 'node:fs';
import * as path from 'node:path';
import { Mutex } from 'async-mutex';
import { Client, type ClientConfig } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { ENTITIES } from './entities';
import { runMigrationsLocked } from './migration-lock';
import { MIGRATIONS } from './migrations';

export interface DatabaseOptions {
  /** `postgres://…` puts the read model on PostgreSQL; otherwise SQLite under `dataDir`. */
  databaseUrl?: string | null;
  dataDir: string;
  /** Connections per process on PostgreSQL. */
  poolSize?: number;
  logging?: boolean;
  /**
   * A reader beside the process that writes (an export thread of the API): on SQLite the file
   * is opened read-only, and must exist already in WAL mode.
   */
  readOnly?: boolean;
}

export function sqliteFile(dataDir: string): string {
  return path.join(dataDir, 'rectiflow.db');
}

/**
 * Settings for every PostgreSQL session of the read model: JIT compilation off. The read
 * model's queries are short OLTP statements, but a planner estimate above `jit_above_cost`
 * (100,000 by default; 500,000 adds inlining and optimisation) sends one through LLVM first,
 * and the estimate of the inbox's count and page grows with the caller's open tasks (the
 * separation-of-duties subplans are costed per row). On PostgreSQL 15, the inbox of a department
 * with 16,000 open tasks: 441 + 618 ms with JIT, 8 + 22 ms without (BENCH.md, "PostgreSQL
 * without JIT"). A DATABASE_URL that sets `options` itself keeps its own.
 */
export const POSTGRES_SESSION_OPTIONS = '-c jit=off';

function postgresSessionOptions(databaseUrl: string): { options?: string } {
  return /[?&]options=/.test(databaseUrl) ? {} : { options: POSTGRES_SESSION_OPTIONS };
}

/**
 * The read model's PostgreSQL connections, each with an 'error' listener of its own from the
 * moment it exists, so that a connection that fails while no one else listens cannot take the
 * process down.
 *
 * node-postgres emits 'error' on a connection whose server ends it between queries (a restart,
 * `pg_terminate_backend`: FATAL 57P01), and an EventEmitter without an 'error' listener throws.
 * The pool listens while a connection is idle and TypeORM while one of its query runners holds
 * it, but not in between: the pool hands a connection to TypeORM by resolving a promise, and
 * TypeORM listens only in the `.then` after it, a microtask later. When a pool query
 * (InboxSql.run) ends, the pool passes its connection on to a waiting query runner right there,
 * inside the parsing of the server's bytes; if the same packet carries the FATAL after the
 * ReadyForQuery, it is emitted before that microtask, to no listener. An API replica died so
 * when the cluster test restarted PostgreSQL under load (test/int/postgres-session).
 *
 * The listener needs to do nothing: the connection is marked unusable, its next query fails
 * with an error its caller sees, and the pool drops it when it comes back.
 */
export class ReadModelClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

export function createDataSource(options: DatabaseOptions): DataSource {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsTransactionMode: 'all' as const,
    logging: options.logging ?? false,
  };
  if (options.databaseUrl) {
    return new DataSource({
      ...common,
      type: 'postgres',
      url: options.databaseUrl,
      extra: {
        max: options.poolSize ?? 10,
        connectionTimeoutMillis: 5000,
        Client: ReadModelClient,
        ...postgresSessionOptions(options.databaseUrl),
      },
    });
  }
  if (options.readOnly)
    return new DataSource({
      ...common,
      type: 'better-sqlite3',
      database: sqliteFile(options.dataDir),
      readonly: true,
      fileMustExist: true,
      timeout: 15000,
    });
  fs.mkdirSync(options.dataDir, { recursive: true });
  return new DataSource({
    ...common,
    type: 'better-sqlite3',
    database: sqliteFile(options.dataDir),
    // The api and the worker are separate processes on one file: WAL lets readers run beside
    // the writer, and the busy timeout makes a writer wait for the other's lock.
    enableWAL: true,
    timeout: 15000,
    prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
      db.pragma('synchronous = NORMAL');
    },
  });
}

export function isSqlite(dataSource: DataSource): boolean {
  return dataSource.options.type === 'better-sqlite3';
}

// TypeORM runs every SQLite query over one connection, so two transactions in one process
// would interleave on it; this mutex keeps them apart.
const sqliteWriters = new WeakMap<DataSource, Mutex>();

/**
 * Runs `work` in a write transaction. On SQLite the transaction takes the write lock first
 * (BEGIN IMMEDIATE), so it waits for another process's writer instead of failing when its
 * read snapshot turns stale; on PostgreSQL it is an ordinary transaction.
 */
export async function writeTransaction<T>(
  dataSource: DataSource,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  if (!isSqlite(dataSource)) return dataSource.transaction(work);
  let mutex = sqliteWriters.get(dataSource);
  if (!mutex) {
    mutex = new Mutex();
    sqliteWriters.set(dataSource, mutex);
  }
  return mutex.runExclusive(async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.query('BEGIN IMMEDIATE');
    try {
      const result = await work(runner.manager);
      await runner.query('COMMIT');
      return result;
    } catch (err) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  });
}

/**
 * Runs pending migrations. The api and the worker both do this at start-up (and `npm run
 * migrate` as a step of its own): on PostgreSQL an advisory lock lets one of them at a time
 * in; on SQLite, when they race, the loser fails on the winner's tables and succeeds on the
 * next try, finding nothing to do.
 */
export async function runMigrationsWithRetry(dataSource: DataSource, attempts = 5): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await runMigrationsLocked(dataSource);
      return;
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 500 * i));
    }
  }
}
