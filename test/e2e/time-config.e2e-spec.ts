import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '@rectiflow/config';
import { runEntryPoint, type EntryPointProcess } from '../support/entry-point';
import { pollUntil } from '../support/poll';
import { freePort } from '../support/temporal-dev-server';

/**
 * Durations come from configuration, are validated at boot (a bad one stops the api and the
 * worker, naming the variable, before anything connects or writes). That they reach each
 * workflow as its input is checked in time-long-term.e2e-spec.ts.
 */
const DURATIONS = [
  'WARN_BEFORE',
  'ESCALATE_AFTER',
  'ESCALATION_INTERVAL',
  'STEP_DUE',
  'STAGE_REPORT_EVERY',
  'LOOK_BACK_AFTER',
];
const BAD = ['soon', '10', '-1s'];

/** A stand-in for the Temporal server that counts who connects to it. */
class ConnectionCounter {
  connections = 0;
  private constructor(private readonly server: net.Server) {}

  static async start(): Promise<ConnectionCounter> {
    const server = net.createServer();
    const counter = new ConnectionCounter(server);
    server.on('connection', (socket) => {
      counter.connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return counter;
  }

  get address(): string {
    return `127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('time: configured durations', () => {
  it.each(DURATIONS.flatMap((name) => BAD.map((value) => [name, value])))(
    'rejects %s=%j, naming that variable only',
    (name, value) => {
      let error: unknown;
      try {
        loadConfig({ NODE_ENV: 'test', [name]: value });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(name);
      // Only the bad variable is named.
      for (const other of DURATIONS.filter((d) => d !== name))
        expect((error as Error).message).not.toContain(other);
    },
  );

  describe('the api and the worker processes', () => {
    let temporal: ConnectionCounter;
    const dirs: string[] = [];
    const processes: EntryPointProcess[] = [];

    beforeAll(async () => {
      temporal = await ConnectionCounter.start();
    });

    afterAll(async () => {
      for (const p of processes) await p.kill();
      await temporal?.close();
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    });

    /** Starts `app` on a fresh data folder, the read model on SQLite there. */
    const start = async (app: 'api' | 'worker', extra: Record<string, string> = {}) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `rectiflow-config-${app}-`));
      dirs.push(dataDir);
      const port = await freePort();
      const proc = runEntryPoint(app, {
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        TEMPORAL_ADDRESS: temporal.address,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        ...extra,
      });
      processes.push(proc);
      return { proc, dataDir, port };
    };

    // Each variable on one of the two (a boot from sources takes seconds), both processes.
    const cases = DURATIONS.map((name, i) => [i % 2 ? 'worker' : 'api', name, BAD[i % BAD.length]]);
    it.each(cases)(
      'the %s refuses to boot with %s=%j, naming it, before it connects or writes anything',
      async (app, name, value) => {
        const before = temporal.connections;
        const { proc, dataDir } = await start(app as 'api' | 'worker', { [name]: value });
        const code = await Promise.race([
          proc.exited,
          new Promise<'still running'>((r) => setTimeout(() => r('still running'), 60_000).unref()),
        ]);
        const output = proc.output();
        expect({ code, error: /ConfigError/.test(output) }).toEqual({ code: 1, error: true });
        expect(output).toContain(`${name} `);
        for (const other of DURATIONS.filter((d) => d !== name))
          expect(output).not.toContain(other);
        // Nothing written (no read model, no evidence folder), nothing connected.
        expect(fs.readdirSync(dataDir)).toEqual([]);
        expect(temporal.connections).toBe(before);
      },
    );

    it('boot with good values, as the checks above would have seen: the api serves, the worker writes and connects', async () => {
      const good = Object.fromEntries(DURATIONS.map((name) => [name, '1h']));
      const before = temporal.connections;
      const [api, worker] = await Promise.all([start('api', good), start('worker', good)]);
      const health = await pollUntil(
        'the api to answer',
        async () => {
          if (api.proc.output().includes('ConfigError')) throw new Error(api.proc.output());
          const res = await fetch(`http://127.0.0.1:${api.port}/api/health`);
          return res.status;
        },
        60_000,
        250,
      );
      // Temporal here is a stand-in that hangs up: unavailable, but the api is up.
      expect(health).toBe(503);
      await pollUntil(
        'the worker to write its read model and reach for Temporal',
        async () => fs.readdirSync(worker.dataDir).length > 0 && temporal.connections > before,
        60_000,
        250,
      );
      expect(fs.readdirSync(api.dataDir).length).toBeGreaterThan(0);
      await Promise.all([api.proc.kill(), worker.proc.kill()]);
    });
  });

  it('reads durations in ms, s, m, h, d and w', () => {
    const { timing } = loadConfig({
      WARN_BEFORE: '1.5h',
      ESCALATE_AFTER: '0s',
      ESCALATION_INTERVAL: '7d',
      STEP_DUE: '500ms',
      STAGE_REPORT_EVERY: '2w',
      LOOK_BACK_AFTER: '90m',
    });
    expect(timing).toEqual({
      warnBeforeMs: 90 * 60_000,
      escalateAfterMs: 0,
      escalationIntervalMs: 7 * 86_400_000,
      stepDueMs: 500,
      stageReportEveryMs: 14 * 86_400_000,
      lookBackAfterMs: 90 * 60_000,
    });
    // The defaults of API.md "Time".
    expect(loadConfig({}).timing).toEqual({
      warnBeforeMs: 10 * 86_400_000,
      escalateAfterMs: 0,
      escalationIntervalMs: 7 * 86_400_000,
      stepDueMs: 15 * 86_400_000,
      stageReportEveryMs: 30 * 86_400_000,
      lookBackAfterMs: 180 * 86_400_000,
    });
  });
});
