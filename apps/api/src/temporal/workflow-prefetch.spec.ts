import { randomUUID } from 'node:crypto';
import * as net from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { RetryTimers } from './temporal.module';
import { PREFETCH_MAX_IN_FLIGHT, WorkflowPrefetch } from './workflow-prefetch';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// With Temporal unreachable, a finding's page still answers (the read never waits for the
// prefetch), and the prefetches themselves end: failed, each after its deadline at most, never
// more than PREFETCH_MAX_IN_FLIGHT at once. test/e2e/step-prefetch has them against a worker.
describe('WorkflowPrefetch with Temporal unreachable', () => {
  // The API's connection: lazy, with its retries (which stop when the module closes).
  const retries = new RetryTimers();
  let connection: Connection;

  beforeAll(async () => {
    connection = Connection.lazy({
      address: `127.0.0.1:${await closedPort()}`,
      interceptors: [retries.interceptor()],
    });
  });

  // The drain waits out the last retry the client scheduled: up to its longest back-off (5 s,
  // up to 6 s with its jitter), longer than jest's default 5 s for a hook.
  afterAll(async () => {
    await retries.drain();
    await connection.close();
  }, 15_000);

  it('gives up, keeps within its bound, and does not ask about a finding twice', async () => {
    const prefetch = new WorkflowPrefetch(new Client({ connection }));
    const ids = Array.from({ length: PREFETCH_MAX_IN_FLIGHT + 2 }, () => randomUUID());
    const outcomes = await Promise.all(ids.map((id) => prefetch.prefetch(id)));
    expect(outcomes.slice(0, PREFETCH_MAX_IN_FLIGHT).every((o) => o === 'failed')).toBe(true);
    expect(outcomes.slice(PREFETCH_MAX_IN_FLIGHT)).toEqual(['busy', 'busy']);
    // Asked (and failed) within the minute: not again. Dropped as busy: asked now.
    expect(await prefetch.prefetch(ids[0])).toBe('recent');
    expect(await prefetch.prefetch(ids[PREFETCH_MAX_IN_FLIGHT])).toBe('failed');
  }, 30_000);
});
