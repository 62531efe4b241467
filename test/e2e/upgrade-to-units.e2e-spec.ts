import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@temporalio/client';
import { findingWorkflowId } from '@rectiflow/contracts';
import { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { OwnDevServer } from '../support/temporal-dev-server';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * A deployment of the release before units (ed63f36), recorded with its read model, evidence
 * files and Temporal dev server database (test/fixtures/pre-units: record.mjs says how), is
 * upgraded by this release: its one organisation becomes unit U1, and every finding, task,
 * file and running workflow carries on. On SQLite the read model is the recorded file; with
 * DATABASE_URL set, a PostgreSQL dump of the same release is restored into a fresh database.
 */
interface Made {
  roundId: string;
  findings: Record<string, { id: string; stage: string; openTasks: string[] }>;
  users: Record<string, string>;
  departments: Record<string, string>;
}

const FIXTURES = path.resolve(__dirname, '../fixtures/pre-units');

describe('upgrading a database of the one-organisation release', () => {
  let dir: string;
  let temporal: OwnDevServer;
  let stack: TestStack;
  let api: ApiClient;
  let made: Made;
  let db: TestDatabase;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectiflow-upgrade-'));
    const onPostgres = !!process.env.DATABASE_URL;
    execFileSync('tar', [
      '-xzf',
      path.join(FIXTURES, onPostgres ? 'data-pg.tgz' : 'data.tgz'),
      '-C',
      dir,
    ]);
    made = JSON.parse(fs.readFileSync(path.join(dir, 'made.json'), 'utf8')) as Made;
    if (onPostgres) {
      const fresh = await createTestDatabase();
      execFileSync(
        'psql',
        [fresh.databaseUrl as string, '-q', '-v', 'ON_ERROR_STOP=1', '-f', 'rectiflow.sql'],
        { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
      );
      db = { ...fresh, dataDir: dir };
    } else {
      db = {
        databaseUrl: null,
        dataDir: dir,
        label: 'sqlite',
        drop: async () => undefined,
      };
    }
    // The recorded Temporal server, with the release's running workflows in it.
    temporal = await OwnDevServer.start({ dir });
    stack = await startStack(
      {
        TEMPORAL_ADDRESS: temporal.address,
        // The queue the release's workflows were started on.
        TEMPORAL_TASK_QUEUE: 'rectiflow-findings',
        STEP_DUE: '40d',
        LOOK_BACK_AFTER: '400d',
      },
      { db },
    );
    api = new ApiClient(stack.url);
    await api.loadDemo();
  });

  afterAll(async () => {
    await stack?.close();
    await temporal?.close();
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('moves the one organisation into unit U1, people, departments and all', async () => {
    const units = (await api.get('/units', 'office')).body.items;
    expect(units).toEqual([expect.objectContaining({ code: 'U1', name: '本单位', active: true })]);
    const u1 = units[0].id;
    const me = (await api.get('/me', 'dept1')).body;
    expect(me).toMatchObject({ id: made.users.dept1, unitId: u1 });
    const departments = (await api.get('/departments', 'office')).body.items;
    expect(Object.fromEntries(departments.map((d: any) => [d.code, d.id]))).toEqual(
      made.departments,
    );
    expect(departments.every((d: any) => d.unitId === u1)).toBe(true);
    const round = (await api.get(`/rounds/${made.roundId}`, 'office')).body;
    expect(round).toMatchObject({ unitId: u1, batchId: null, counts: { total: 8 } });
    // No second unit and no inspecting side appear: an upgrade seeds nothing.
    expect(
      (await api.request('POST', '/auth/login', { body: { username: 'xcb', password: 'demo' } }))
        .status,
    ).toBe(401);
  });

  it('keeps every finding where it stood, with its open tasks, in unit U1', async () => {
    const u1 = (await api.get('/units', 'office')).body.items[0].id;
    for (const [name, f] of Object.entries(made.findings)) {
      const detail = (await api.get(`/findings/${f.id}`, 'office')).body;
      expect({ name, stage: detail.stage, unitId: detail.unitId }).toEqual({
        name,
        stage: f.stage,
        unitId: u1,
      });
      expect(detail.openTasks.map((t: any) => t.kind).sort()).toEqual([...f.openTasks].sort());
      for (const t of detail.openTasks) expect(t.unitId).toBe(u1);
      for (const e of detail.evidence) {
        const file = await api.get(`/evidence/${e.id}`, 'office');
        expect(file.status).toBe(200);
      }
    }
    const verify = (await api.get('/audit/verify', 'office')).body;
    expect(verify).toMatchObject({ ok: true });
    expect(verify.events).toBeGreaterThan(50);
  });

  it('carries the release’s running workflows on: steps, send-backs and closure', async () => {
    const step = async (user: string, id: string, kind: string, body: unknown) => {
      const task = await pollUntil(`${kind} on ${id}`, () => api.taskFor(user, id, kind));
      const res = await api.post(`/tasks/${task.id}/complete`, user, body);
      expect({ kind, status: res.status }).toEqual({ kind, status: 200 });
      return res.body.finding;
    };
    const { drafting, reviewing, unassigned, overdue } = made.findings;
    const drafted = await step('dept1', drafting.id, 'draft_measures', {
      measures: [{ text: '一是升级后制定的措施' }],
    });
    expect(drafted.stage).toBe('approve_measures');
    await step('leader1', reviewing.id, 'review_2', { decision: 'approve' });
    const closed = await step('office', reviewing.id, 'review_3', { decision: 'approve' });
    expect(closed.stage).toBe('closed');
    const assigned = await step('office', unassigned.id, 'assign', {
      responsibleLeaderId: made.users.leader1,
      leadDepartmentId: made.departments.D1,
      dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    expect(assigned.stage).toBe('draft_measures');
    // The escalated finding still has its ladder: the supervisor's task, then the late draft.
    const urged = await step('supervisor', overdue.id, 'escalation', {
      action: 'urge',
      comment: '升级后督办',
    });
    expect(urged.escalationLevel).toBeGreaterThan(0);
    await step('dept2', overdue.id, 'draft_measures', { measures: [{ text: '一是补救' }] });

    // The workflows are the release's own runs, replayed by this release's code.
    const client = stack.app.get(Client);
    for (const f of [drafting, reviewing, unassigned, overdue]) {
      const d = await client.workflow.getHandle(findingWorkflowId(f.id)).describe();
      expect(d.status.name).toBe('RUNNING');
    }
  });
});
