import { Client, Connection } from '@temporalio/client';
import { AesGcmPayloadCodec, loadPayloadKeys } from '@rectiflow/config';
import { findingWorkflowId } from '@rectiflow/contracts';
import { AuditEventEntity, TaskEntity } from '@rectiflow/persistence';
import { World } from '../support/world';
import { FaultStack } from '../support/fault-stack';
import { holdWrites, untilStepInFlight } from './support/hold';

/**
 * The API process goes away between a step and the client's retry — while the step is still
 * being recorded (the answer is lost), or right after it answered. Either way the retry with the
 * same Idempotency-Key, sent to the restarted API, gets the one answer and the step happens once.
 */
describe('the API restarted between an update and the client’s retry', () => {
  let stack: FaultStack;
  let world: World;
  let temporalClient: Client;

  beforeAll(async () => {
    stack = await FaultStack.start();
    world = await World.create(stack, stack.api);
    temporalClient = new Client({
      connection: await Connection.connect({ address: stack.config.env.TEMPORAL_ADDRESS }),
      // describe() decodes the memo, encrypted like every payload.
      dataConverter: {
        payloadCodecs: [new AesGcmPayloadCodec(loadPayloadKeys(stack.config))],
      },
    });
  });

  afterAll(async () => {
    await temporalClient?.connection.close();
    await stack?.close();
  });

  const completions = async (findingId: string, taskId: string) =>
    (
      await stack.dataSource
        .getRepository(AuditEventEntity)
        .findBy({ findingId, action: 'task.completed' })
    ).filter((e) => (JSON.parse(e.data) as { taskId: string }).taskId === taskId).length;

  it('answers the retry once when the API died before answering', async () => {
    const findingId = await world.createFinding({ dept: 'D1' });
    const draft = await world.mustTask(findingId, 'draft_measures');
    const body = { measures: [{ text: '一是重启后仍只记一次' }] };
    const key = `draft-${draft.id}`;

    // The step is taken by the workflow but cannot be recorded yet, so the API is still waiting.
    const hold = await holdWrites(stack.db);
    const lost = world.api
      .post(`/tasks/${draft.id}/complete`, 'dept1', body, { 'Idempotency-Key': key })
      .then((res) => res.status)
      .catch(() => 'connection dropped');
    await untilStepInFlight(temporalClient.workflow.getHandle(findingWorkflowId(findingId)));
    await stack.stopApi({ abort: true });
    // The client never got an answer (or an error, had the API managed to say anything).
    const first = await lost;
    expect(first === 'connection dropped' || Number(first) >= 500).toBe(true);
    // (An API does not boot while another process holds the database's write lock.)
    await hold.release();
    await stack.startApi();

    const retried = await world.api.post(`/tasks/${draft.id}/complete`, 'dept1', body, {
      'Idempotency-Key': key,
    });
    expect(retried.status).toBe(200);
    expect(retried.body.task).toMatchObject({ id: draft.id, status: 'done' });
    expect(retried.body.finding.stage).toBe('approve_measures');
    expect(await completions(findingId, draft.id)).toBe(1);
    const again = await world.api.post(`/tasks/${draft.id}/complete`, 'dept1', body, {
      'Idempotency-Key': key,
    });
    expect(again.body).toEqual(retried.body);
    expect(
      await stack.dataSource
        .getRepository(TaskEntity)
        .countBy({ findingId, kind: 'approve_measures' }),
    ).toBe(1);
  });

  it('answers the retry with the stored answer when the API restarted after answering', async () => {
    const findingId = await world.createFinding({ dept: 'D1' });
    await world.advance(findingId, 'approve_measures');
    const approve = await world.mustTask(findingId, 'approve_measures');
    const key = `approve-${approve.id}`;
    const answered = await world.api.post(
      `/tasks/${approve.id}/complete`,
      'leader1',
      { decision: 'approve' },
      { 'Idempotency-Key': key },
    );
    expect(answered.status).toBe(200);
    await stack.restartApi();
    const retried = await world.api.post(
      `/tasks/${approve.id}/complete`,
      'leader1',
      { decision: 'approve' },
      { 'Idempotency-Key': key },
    );
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(answered.body);
    expect(await completions(findingId, approve.id)).toBe(1);
    // Without the key, the same click is a conflict, not a second step.
    expect(
      (await world.api.post(`/tasks/${approve.id}/complete`, 'leader1', { decision: 'approve' }))
        .status,
    ).toBe(409);
    await world.advance(findingId, 'closed');
    expect((await world.api.get('/audit/verify', 'office')).body.ok).toBe(true);
  });
});
