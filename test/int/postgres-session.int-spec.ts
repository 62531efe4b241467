import type { DataSource } from 'typeorm';
import { createDataSource } from '@rectiflow/persistence';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** A statement whose planner estimate (125,000) is above PostgreSQL's default jit_above_cost. */
const COSTLY = 'EXPLAIN SELECT count(*) FROM generate_series(1, 10000000) g';

const planOf = async (ds: DataSource): Promise<string> =>
  ((await ds.query(COSTLY)) as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');

/**
 * The read model's PostgreSQL sessions run without JIT compilation (libs/persistence,
 * POSTGRES_SESSION_OPTIONS): the inbox of a department with 10,000 open tasks crossed
 * jit_above_cost and paid LLVM's compile time on every request. Every pooled connection has it,
 * and a DATABASE_URL that sets `options` itself keeps its own.
 */
(process.env.DATABASE_URL ? describe : describe.skip)('PostgreSQL sessions', () => {
  let db: TestDatabase;
  const open: DataSource[] = [];
  const connect = async (databaseUrl: string, poolSize?: number) => {
    const ds = createDataSource({ databaseUrl, dataDir: db.dataDir, poolSize });
    await ds.initialize();
    open.push(ds);
    return ds;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    for (const ds of open) await ds.destroy();
    await db?.drop();
  });

  it('plan without JIT on every connection of the pool', async () => {
    const ds = await connect(db.databaseUrl as string, 3);
    // Three at once: each holds its own pooled connection.
    const settings = await Promise.all(
      [0, 1, 2].map(() =>
        ds.transaction(async (m) => {
          const [row] = (await m.query('SHOW jit')) as { jit: string }[];
          await m.query('SELECT pg_sleep(0.05)');
          return row.jit;
        }),
      ),
    );
    expect(settings).toEqual(['off', 'off', 'off']);
    expect(await planOf(ds)).not.toMatch(/JIT/);
  });

  it('keep the options a DATABASE_URL gives', async () => {
    const url = new URL(db.databaseUrl as string);
    url.searchParams.set('options', '-c jit=on -c jit_above_cost=1000');
    const ds = await connect(url.toString());
    const [row] = (await ds.query('SHOW jit_above_cost')) as { jit_above_cost: string }[];
    expect(row.jit_above_cost).toBe('1000');
    const [jit] = (await ds.query('SHOW jit')) as { jit: string }[];
    expect(jit.jit).toBe('on');
  });
});
