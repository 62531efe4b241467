import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { EvidenceStore } from './evidence-store';
import { LocalEvidenceStore } from './local-evidence-store';
import { S3EvidenceStore } from './s3-evidence-store';

const root = path.resolve(__dirname, '../../../..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Both places evidence can live behave alike: bytes are addressed by their SHA-256, stored
 * once however often they are uploaded, and read back as they were. The S3 store runs against
 * a real S3-compatible server (gofakes3, built once per machine by scripts/fake-s3.mjs).
 */
describe.each(['local', 's3'] as const)('the %s evidence store', (kind) => {
  let store: EvidenceStore;
  let count: () => Promise<number>;
  let server: ChildProcess | null = null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectiflow-evidence-'));

  beforeAll(async () => {
    if (kind === 'local') {
      store = new LocalEvidenceStore(dir);
      count = async () =>
        fs
          .readdirSync(dir, { recursive: true })
          .filter((f) => fs.statSync(path.join(dir, String(f))).isFile()).length;
      return;
    }
    // Built once per machine (a few seconds from the Go module cache); prints its path.
    const built = spawnSync(process.execPath, [path.join(root, 'scripts/fake-s3.mjs')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (built.status !== 0) throw new Error('scripts/fake-s3.mjs could not build gofakes3');
    const bin = built.stdout.trim();
    const port = await freePort();
    server = spawn(
      bin,
      ['-backend', 'memory', '-initialbucket', 'evidence', '-host', `127.0.0.1:${port}`, '-quiet'],
      {
        stdio: 'ignore',
      },
    );
    const endpoint = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(endpoint).then(
          () => true,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';
    const settings = {
      kind: 's3' as const,
      bucket: 'evidence',
      endpoint,
      region: 'us-east-1',
      prefix: 'evidence/',
      forcePathStyle: true,
    };
    store = new S3EvidenceStore(settings);
    const client = new S3Client({ region: settings.region, endpoint, forcePathStyle: true });
    count = async () =>
      (await client.send(new ListObjectsV2Command({ Bucket: 'evidence', Prefix: 'evidence/' })))
        .KeyCount ?? 0;
  });

  afterAll(() => {
    server?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores bytes once under their SHA-256 and reads them back unchanged', async () => {
    const bytes = Buffer.from('整改台账：第一批佐证材料\n');
    const sha = await store.put(bytes);
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.put(Buffer.from(bytes))).toBe(sha);
    expect(await count()).toBe(1);
    expect((await store.read(sha)).equals(bytes)).toBe(true);

    const other = await store.put(Buffer.from([0, 1, 2, 255]));
    expect(other).not.toBe(sha);
    expect(await count()).toBe(2);
    expect([...(await store.read(other))]).toEqual([0, 1, 2, 255]);
  });

  it('refuses to read what it does not hold', async () => {
    await expect(store.read('0'.repeat(64))).rejects.toThrow();
  });
});
