import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { findingWorkflowId } from '@rectiflow/contracts';
import { AuditEventEntity } from '@rectiflow/persistence';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

const S = 1000;

/**
 * A finding whose workflow is terminated outside the API (`temporal workflow terminate`, or the
 * Temporal UI's own HTTP API): shown halted within the sweep interval, its steps answer 409
 * `finding_halted`, and the office resumes it from its recorded state to closure.
 */
describe('a finding terminated outside the API', () => {
  let stack: TestStack;
  let world: World;
  let connection: Connection;
  let temporal: Client;

  beforeAll(async () => {
    stack = await startStack({ HALTED_SWEEP_INTERVAL: '1s' });
    world = await World.create(stack, undefined, { title: '中止样本' });
    // An outsider's client: terminating needs no payload key.
    connection = await Connection.connect({ address: stack.config.env.TEMPORAL_ADDRESS });
    temporal = new Client({ connection });
  });

  afterAll(async () => {
    await connection?.close();
    await stack?.close();
  });

  const detail = async (id: string) => (await world.api.get(`/findings/${id}`, 'office')).body;
  const actions = async (id: string) =>
    (await stack.dataSource.getRepository(AuditEventEntity).findBy({ findingId: id })).map(
      (e) => e.action,
    );

  it('is shown halted, refuses steps with finding_halted, and resumes to closure', async () => {
    const id = await world.createFinding({ dept: 'D1', leader: 'leader1' });
    await world.advance(id, 'approve_measures');
    expect((await detail(id)).halted).toBe(false);

    await temporal.workflow.getHandle(findingWorkflowId(id)).terminate('stopped from the CLI');
    const terminatedAt = Date.now();
    await pollUntil('the finding shown halted', async () => (await detail(id)).halted, 10 * S);
    // The sweep runs every second; visibility may lag a little behind.
    expect(Date.now() - terminatedAt).toBeLessThan(10 * S);
    const listed = await world.api.get(`/findings?roundId=${world.roundId}`, 'office');
    expect(listed.body.items.find((f: { id: string }) => f.id === id).halted).toBe(true);
    expect(await actions(id)).toContain('finding.halted');

    // Steps answer a clear 409 while it is halted.
    const approve = await world.mustTask(id, 'approve_measures');
    const refused = await world.api.post(`/tasks/${approve.id}/complete`, 'leader1', {
      decision: 'approve',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('finding_halted');

    // Only the office of the finding's unit resumes it.
    expect((await world.api.post(`/findings/${id}/resume`, 'leader1', {})).status).toBe(403);
    expect((await world.api.post(`/findings/${id}/resume`, 'u2office', {})).status).toBe(404);
    const resumed = await world.api.post(`/findings/${id}/resume`, 'office', {});
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ id, halted: false, stage: 'approve_measures' });
    const again = await world.api.post(`/findings/${id}/resume`, 'office', {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('finding_not_halted');
    const resumption = await stack.dataSource
      .getRepository(AuditEventEntity)
      .findOneByOrFail({ findingId: id, action: 'finding.resumed' });
    expect(resumption.actorId).toBe(world.api.userId('office'));

    // The same task, still open, is taken up by the new run and the finding goes to closure.
    const ok = await world.api.post(`/tasks/${approve.id}/complete`, 'leader1', {
      decision: 'approve',
    });
    expect(ok.status).toBe(200);
    await world.advance(id, 'closed');
    const closed = await detail(id);
    expect(closed).toMatchObject({ stage: 'closed', halted: false });
    expect(closed.closedAt).not.toBeNull();
    // The run the termination stopped is not taken for a new halt by the sweeps since.
    expect((await actions(id)).filter((a) => a === 'finding.halted')).toHaveLength(1);
  });

  it('is shown halted after a reset in Temporal, and resuming replaces the reset run', async () => {
    const id = await world.createFinding({ dept: 'D1', leader: 'leader1' });
    await world.advance(id, 'approve_measures');
    // The API's own client reads the runs (describe() decodes the encrypted memo); the outsider
    // resets and terminates, which needs no key.
    const keyed = stack.app.get(Client);
    const handle = keyed.workflow.getHandle(findingWorkflowId(id));
    const before = await handle.describe();
    // `temporal workflow reset --type FirstWorkflowTask`: back to before the draft was taken.
    const history = await handle.fetchHistory();
    const firstTask = history.events?.find(
      (e) => e.eventType === proto.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    );
    await connection.workflowService.resetWorkflowExecution({
      namespace: stack.config.env.TEMPORAL_NAMESPACE,
      workflowExecution: { workflowId: findingWorkflowId(id), runId: before.runId },
      reason: 'reset from the CLI',
      workflowTaskFinishEventId: firstTask?.eventId,
      requestId: randomUUID(),
    });
    await pollUntil('the finding shown halted', async () => (await detail(id)).halted, 10 * S);
    const resetRun = await handle.describe();
    expect(resetRun.runId).not.toBe(before.runId);
    expect(resetRun.status.name).toBe('RUNNING');

    const resumed = await world.api.post(`/findings/${id}/resume`, 'office', {});
    expect(resumed.status).toBe(200);
    const after = await handle.describe();
    expect(after.runId).not.toBe(resetRun.runId);
    expect(
      (await keyed.workflow.getHandle(findingWorkflowId(id), resetRun.runId).describe()).status
        .name,
    ).toBe('TERMINATED');
    await world.advance(id, 'closed');
    expect(await detail(id)).toMatchObject({ stage: 'closed', halted: false });
    expect((await actions(id)).filter((a) => a === 'finding.halted')).toHaveLength(1);
  });
});
