import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  freePort,
  startTemporalDevServer,
  type TemporalDevServer,
} from '../../scripts/temporal-dev-server.cjs';
import { temporalCliPath } from '../support/temporal-dev-server';

/**
 * The embedded default's Temporal dev server (`npm start`'s launcher) and its UI listen on
 * loopback only: from any other address of the machine, nothing answers on their ports.
 */
const outward = Object.values(os.networkInterfaces())
  .flat()
  .filter((a): a is os.NetworkInterfaceInfo => !!a && a.family === 'IPv4' && !a.internal)
  .map((a) => a.address);

const connects = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

(outward.length > 0 ? describe : describe.skip)('the embedded dev server', () => {
  let server: TemporalDevServer;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectiflow-loopback-'));
    server = await startTemporalDevServer({
      cliPath: temporalCliPath(),
      uiPort: await freePort(),
      dbFile: path.join(dir, 'temporal.db'),
      log: () => undefined,
    });
  });

  afterAll(async () => {
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers on 127.0.0.1 and on no other address, UI included', async () => {
    const ports = [server.port, server.uiPort as number];
    for (const port of ports) expect(await connects('127.0.0.1', port)).toBe(true);
    for (const host of outward)
      for (const port of ports)
        expect({ host, port, open: await connects(host, port) }).toEqual({
          host,
          port,
          open: false,
        });
  });
});
