import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { In } from 'typeorm';
import type { Stage } from '@rectiflow/domain';
import { FindingEntity, TaskEntity } from '@rectiflow/persistence';
import { World } from '../support/world';
import { RetryingClient } from './support/crowd';
import {
  ClusterControl,
  startCluster,
  type ClusterUnderTest,
  type PostgresInfo,
} from './support/cluster-under-test';

const DATABASES = ['temporal', 'temporal_visibility', 'rectiflow'];

/** pg_dump/pg_restore/createdb/vacuumdb of the newest installed PostgreSQL (the servers' own version). */
function pgBin(tool: string): string {
  const root = '/usr/lib/postgresql';
  const newest = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', tool)))
    .sort((a, b) => Number(b) - Number(a))[0];
  return path.join(root, newest, 'bin', tool);
}

function pg(tool: string, args: string[]): void {
  const res = spawnSync(pgBin(tool), args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${tool} ${args.join(' ')}: ${res.stderr}`);
}

const connArgs = (server: PostgresInfo) => [
  '-h',
  '127.0.0.1',
  '-p',
  String(server.port),
  '-U',
  'postgres',
];

/**
 * README's backup and restore, done for real: with the API replicas and workers stopped, a
 * pg_dump of the three databases and a copy of the evidence store; restored into a fresh
 * PostgreSQL server, the cluster started on it finds every finding and open task, serves the
 * evidence, and every running finding carries on to its closure.
 */
describe('backup and restore of the cluster', () => {
  let control: ClusterControl;
  let source: ClusterUnderTest | null = null;
  let restored: ClusterUnderTest | null = null;
  const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectiflow-backup-'));

  beforeAll(async () => {
    control = await ClusterControl.open();
  });

  afterAll(async () => {
    await source?.stop().catch(() => undefined);
    await restored?.stop();
    await control?.close();
    fs.rmSync(backupDir, { recursive: true, force: true });
  });

  it('restores a dump into fresh databases where every finding, task and running workflow carries on', async () => {
    const sourcePg = await control.startPostgres('source');
    source = await startCluster(control, sourcePg);
    const api = new RetryingClient(source.cluster.url);
    const world = await World.create(
      { url: source.cluster.url, dataSource: source.dataSource },
      api,
    );
    // Findings at every kind of place in their life: waiting for a person at several steps,
    // with evidence on file, and one already closed.
    const stages: Stage[] = [
      'assign',
      'draft_measures',
      'evidence',
      'review_1',
      'review_3',
      'closed',
    ];
    const findingIds: string[] = [];
    for (const stage of stages) {
      const id =
        stage === 'assign'
          ? await world.createFinding()
          : await world.createFinding({ dept: 'D2' });
      await world.advance(id, stage);
      findingIds.push(id);
    }
    const evidenceId = await world.upload(findingIds[2]);
    const before = await source.dataSource
      .getRepository(FindingEntity)
      .findBy({ id: In(findingIds) });
    const openBefore = await source.dataSource
      .getRepository(TaskEntity)
      .findBy({ findingId: In(findingIds), status: In(['open', 'claimed']) });
    expect(openBefore).toHaveLength(stages.length - 1);

    // Backup: writers stopped (Temporal may run on: with no worker nothing moves), then the
    // three databases and the evidence store.
    for (const name of ['api-1', 'api-2', 'worker-1', 'worker-2'])
      await control.call('stop', { name });
    for (const db of DATABASES) {
      pg('pg_dump', [...connArgs(sourcePg), '-Fc', '-f', path.join(backupDir, `${db}.dump`), db]);
    }
    fs.cpSync(path.join(source.cluster.dataDir, 'evidence'), path.join(backupDir, 'evidence'), {
      recursive: true,
    });
    // And the keys: Temporal's histories are encrypted with the payload key (without it the
    // restored workflows cannot be read), and tokens are signed with the JWT secret.
    fs.copyFileSync(
      path.join(source.cluster.dataDir, 'secrets.json'),
      path.join(backupDir, 'secrets.json'),
    );
    await source.stop();
    source = null;
    await control.removePostgres('source'); // the old server is gone for good

    // Restore into a new server, and the cluster on it with a new data folder.
    const freshPg = await control.startPostgres('restored');
    for (const db of DATABASES) {
      pg('createdb', [...connArgs(freshPg), db]);
      pg('pg_restore', [
        ...connArgs(freshPg),
        '--no-owner',
        '-d',
        db,
        path.join(backupDir, `${db}.dump`),
      ]);
    }
    // A dump carries no planner statistics: the read model's are taken before it serves.
    pg('vacuumdb', [...connArgs(freshPg), '--analyze-only', 'rectiflow']);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectiflow-cluster-restored-'));
    fs.cpSync(path.join(backupDir, 'evidence'), path.join(dataDir, 'evidence'), {
      recursive: true,
    });
    fs.copyFileSync(path.join(backupDir, 'secrets.json'), path.join(dataDir, 'secrets.json'));
    restored = await startCluster(control, freshPg, { dataDir });

    const after = await restored.dataSource
      .getRepository(FindingEntity)
      .findBy({ id: In(findingIds) });
    expect(after.map((f) => [f.id, f.stage]).sort()).toEqual(
      before.map((f) => [f.id, f.stage]).sort(),
    );
    const openAfter = await restored.dataSource
      .getRepository(TaskEntity)
      .findBy({ findingId: In(findingIds), status: In(['open', 'claimed']) });
    expect(openAfter.map((t) => t.id).sort()).toEqual(openBefore.map((t) => t.id).sort());

    const api2 = new RetryingClient(restored.cluster.url);
    const world2 = await World.create(
      { url: restored.cluster.url, dataSource: restored.dataSource },
      api2,
    );
    const file = await fetch(`${restored.cluster.url}/api/evidence/${evidenceId}`, {
      headers: { authorization: `Bearer ${await api2.token('office')}` },
    });
    expect(file.status).toBe(200);
    expect(await file.text()).toMatch(/^整改记录/);

    // Every running workflow takes its next steps on the restored cluster, to the end.
    for (const id of findingIds) await world2.advance(id, 'closed');
    const closed = await restored.dataSource
      .getRepository(FindingEntity)
      .findBy({ id: In(findingIds) });
    expect(closed.filter((f) => f.stage !== 'closed')).toEqual([]);
    expect((await api2.get('/audit/verify', 'office')).body).toMatchObject({ ok: true });
  });
});
