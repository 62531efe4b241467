import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { AesGcmPayloadCodec, loadPayloadKeys } from '@rectiflow/config';
import { findingWorkflowId, type FindingWorkflowInput } from '@rectiflow/contracts';
import {
  AuditEventEntity,
  EscalationEntity,
  NotificationEntity,
  TaskEntity,
} from '@rectiflow/persistence';
import type { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { OwnDevServer, untilWorkerPolls } from '../support/temporal-dev-server';
import { World } from '../support/world';

/**
 * Nothing is lost across restarts: timers live in Temporal, so a worker that is down when an
 * escalation falls due raises it (once) when it comes back, and a Temporal server stopped and
 * started again on its database file carries every finding on. Also: a finding whose history
 * grows continues as new and keeps going.
 */
const EventType = temporal.api.enums.v1.EventType;
const S = 1000;

/** A finding assigned to D1 and leader1, due in ten minutes, and its open draft task. */
async function createAssigned(world: World, title: string): Promise<{ id: string; draft: any }> {
  const { id } = await world.createFindingAnswer({
    title,
    dept: 'D1',
    dueAt: new Date(Date.now() + 600 * S).toISOString(),
    measures: [],
  });
  return { id, draft: await world.api.taskFor('dept1', id, 'draft_measures') };
}

/** The finding's escalation rows, tasks, events and notices, to prove each happened once. */
async function escalationFootprint(stack: TestStack, findingId: string) {
  const ds = stack.dataSource;
  return {
    records: await ds.getRepository(EscalationEntity).findBy({ findingId }),
    tasks: await ds.getRepository(TaskEntity).findBy({ findingId, kind: 'escalation' }),
    events: await ds
      .getRepository(AuditEventEntity)
      .countBy({ findingId, action: 'finding.escalated' }),
    notices: await ds.getRepository(NotificationEntity).findBy({ findingId, kind: 'escalation' }),
  };
}

describe('time: restarts', () => {
  describe('the worker stops while an escalation timer is pending', () => {
    let stack: TestStack;
    let world: World;
    let api: ApiClient;

    beforeAll(async () => {
      // Steps open inside their warning window (the reminder goes at once), so the only timer
      // left pending is the escalation, 3 s + 1 s after the step opens.
      stack = await startStack({
        WARN_BEFORE: '1h',
        STEP_DUE: '3s',
        ESCALATE_AFTER: '1s',
        ESCALATION_INTERVAL: '1h',
      });
      world = await World.create(stack);
      api = world.api;
    });

    afterAll(async () => {
      await stack?.close();
    });

    it('raises the escalation exactly once after the worker comes back', async () => {
      const { id, draft } = await createAssigned(world, '值班制度落实不到位');
      await pollUntil('the reminder', async () =>
        (await api.get('/notifications', 'dept1')).body.items.find(
          (n: any) => n.findingId === id && n.kind === 'reminder',
        ),
      );
      const client = stack.app.get(Client);
      const handle = client.workflow.getHandle(findingWorkflowId(id));
      const escalateAt = Date.parse(draft.dueAt) + 1 * S;

      await stack.stopWorker();
      // The timer fires on the server while no worker runs: its TimerFired event is in the
      // history, but nothing can have been written.
      const fired = await pollUntil(
        'the escalation timer to fire with the worker down',
        async () => {
          const history = await handle.fetchHistory();
          return history.events?.find(
            (e) =>
              e.eventType === EventType.EVENT_TYPE_TIMER_FIRED &&
              Number(e.eventTime?.seconds) * 1000 >= escalateAt - 1000,
          );
        },
        20 * S,
        200,
      );
      expect(fired).toBeDefined();
      expect(Date.now()).toBeGreaterThanOrEqual(escalateAt);
      expect((await escalationFootprint(stack, id)).records).toEqual([]);
      expect(await api.taskFor('supervisor', id, 'escalation')).toBeUndefined();

      const restartedAt = Date.now();
      await stack.startWorker();
      // A task caught in the stopping worker is retried after its start-to-close timeout
      // (30 s for a projection), hence the generous deadline; it is normally under a second.
      const task = await pollUntil(
        'the escalation after the restart',
        () => api.taskFor('supervisor', id, 'escalation'),
        60 * S,
      );
      expect(Date.parse(task.createdAt)).toBeGreaterThanOrEqual(restartedAt - 50);
      expect(task).toMatchObject({ subjectTaskId: draft.id, escalationLevel: 1 });
      console.log(
        `escalation after a worker restart: ${Date.parse(task.createdAt) - Date.parse(draft.dueAt)} ms after due ` +
          `(worker back ${restartedAt - Date.parse(draft.dueAt)} ms after due)`,
      );
      // Count once the run has moved past the escalation: the escalation task's own reminder
      // (it opens inside its warning window) is the next thing the timer loop does.
      await pollUntil(
        'the escalation task’s reminder',
        async () =>
          (await api.get('/notifications', 'supervisor')).body.items.find(
            (n: any) => n.kind === 'reminder' && n.taskId === task.id,
          ),
        60 * S,
      );
      const footprint = await escalationFootprint(stack, id);
      expect(footprint.records).toEqual([
        expect.objectContaining({ level: 1, status: 'open', taskId: draft.id }),
      ]);
      expect(footprint.tasks).toHaveLength(1);
      expect(footprint.events).toBe(1);
      expect(new Set(footprint.notices.map((n) => n.userId)).size).toBe(footprint.notices.length);
      expect(footprint.notices.length).toBe(3); // supervisor, dept1, dept1head

      // The finding works on as before.
      const done = await api.post(`/tasks/${draft.id}/complete`, 'dept1', {
        measures: [{ text: '一是完善值班制度' }],
      });
      expect(done.status).toBe(200);
      expect(done.body.finding).toMatchObject({ stage: 'approve_measures', escalationLevel: 0 });
    });
  });

  describe('the Temporal server stops and starts again on its database file', () => {
    let server: OwnDevServer;
    let stack: TestStack;
    let world: World;
    let api: ApiClient;

    beforeAll(async () => {
      // A low threshold so a short test can watch a run continue as new because its history grew.
      server = await OwnDevServer.start({
        dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 80 },
      });
      // STEP_DUE leaves the escalation (STEP_DUE + 1 s after a step opens) pending while the
      // test creates two findings and stops the server, however slowly a loaded machine does it.
      stack = await startStack({
        TEMPORAL_ADDRESS: server.address,
        WARN_BEFORE: '1h',
        STEP_DUE: '12s',
        ESCALATE_AFTER: '1s',
        ESCALATION_INTERVAL: '1h',
      });
      world = await World.create(stack);
      api = world.api;
    });

    afterAll(async () => {
      await stack?.close();
      await server?.close();
    });

    it('carries every finding on: pending timers fire, steps still complete', async () => {
      const late = await createAssigned(world, '档案管理不规范');
      const busy = await createAssigned(world, '保密检查不到位');
      const escalateAt = Date.parse(late.draft.dueAt) + 1 * S;

      await server.stop();
      // The escalation timer was set and is still pending while the server is down.
      expect(Date.now()).toBeLessThan(escalateAt);
      const health = await api.get('/health');
      expect(health.status).toBe(503);

      await server.restart();
      const restartedAt = Date.now();
      await pollUntil(
        'health after the restart',
        async () => (await api.get('/health')).status === 200,
        30 * S,
      );
      await untilWorkerPolls(server.address, stack.config.env.TEMPORAL_TASK_QUEUE);

      // A step after the restart goes through, answered once its next task is in the inbox.
      const drafted = await api.post(`/tasks/${busy.draft.id}/complete`, 'dept1', {
        measures: [{ text: '一是开展保密自查' }],
      });
      expect(drafted.status).toBe(200);
      expect(drafted.body.finding.stage).toBe('approve_measures');

      // The timer set before the restart fires after it, once.
      const task = await pollUntil(
        'the escalation set before the restart',
        () => api.taskFor('supervisor', late.id, 'escalation'),
        30 * S,
      );
      expect(Date.parse(task.createdAt)).toBeGreaterThanOrEqual(escalateAt);
      expect(Date.parse(task.createdAt)).toBeGreaterThanOrEqual(restartedAt - 1000);
      console.log(
        `escalation across a Temporal server restart: ${Date.parse(task.createdAt) - Date.parse(late.draft.dueAt)} ms after due`,
      );
      const footprint = await escalationFootprint(stack, late.id);
      expect(footprint.records).toHaveLength(1);
      expect(footprint.events).toBe(1);
    });

    it('continues as new when the history grows, and the finding goes on', async () => {
      const { id, draft } = await createAssigned(world, '请销假制度执行不严');
      const client = stack.app.get(Client);
      const first = await client.workflow.getHandle(findingWorkflowId(id)).describe();
      // Claiming and releasing are real steps (updates with a projection each) that add history;
      // each must succeed, also the ones sent while the run continues as new.
      let claims = 0;
      let next = first;
      const deadline = Date.now() + 60 * S;
      while (next.runId === first.runId) {
        if (Date.now() > deadline)
          throw new Error(`no continue-as-new within 60 s, after ${claims} claims and releases`);
        expect((await api.post(`/tasks/${draft.id}/claim`, 'dept1')).status).toBe(200);
        expect((await api.post(`/tasks/${draft.id}/release`, 'dept1')).status).toBe(200);
        claims += 1;
        next = await client.workflow.getHandle(findingWorkflowId(id)).describe();
      }
      expect(claims).toBeGreaterThan(2);
      expect(
        (await client.workflow.getHandle(findingWorkflowId(id), first.runId).describe()).status
          .name,
      ).toBe('CONTINUED_AS_NEW');
      const history = await client.workflow
        .getHandle(findingWorkflowId(id), next.runId)
        .fetchHistory();
      const started = history.events?.[0].workflowExecutionStartedEventAttributes;
      // Encrypted in the history, like every payload; the stack's key reads it.
      const [payload] = await new AesGcmPayloadCodec(loadPayloadKeys(stack.config)).decode([
        started?.input?.payloads?.[0] ?? {},
      ]);
      const input = JSON.parse(Buffer.from(payload.data ?? []).toString()) as FindingWorkflowInput;
      expect(input).toMatchObject({ kind: 'continued', reason: 'history' });
      // The state went along: same task, same stage; the next step works.
      expect(await api.taskFor('dept1', id, 'draft_measures')).toMatchObject({
        id: draft.id,
        status: 'open',
      });
      const done = await api.post(`/tasks/${draft.id}/complete`, 'dept1', {
        measures: [{ text: '一是严格请销假审批' }],
      });
      expect(done.status).toBe(200);
      expect(done.body.finding.stage).toBe('approve_measures');
    });
  });
});
