import { randomBytes } from 'node:crypto';
import {
  Client,
  Connection,
  WorkflowUpdateFailedError,
  type DataConverter,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { AesGcmPayloadCodec, loadPayloadKeys, parsePayloadKey } from '@rectiflow/config';
import {
  FAILURE,
  STEP_REFUSED_ACTION,
  completeTaskUpdate,
  findingWorkflowId,
  type CompleteTaskArgs,
} from '@rectiflow/contracts';
import { AuditEventEntity, TaskEntity } from '@rectiflow/persistence';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * Temporal is no side door (issue 12): a step sent straight to Temporal, as someone with the
 * Temporal CLI or UI on the same network would (`temporal workflow update execute --name
 * completeTask --input '{…}'`), not through the API. Payloads are encrypted with a key only the
 * API and the workers hold; such a step changes nothing in the read model, is audited as
 * refused, and the finding carries on through the API.
 */
describe('steps sent straight to Temporal', () => {
  let stack: TestStack;
  let world: World;
  const connections: Connection[] = [];

  beforeAll(async () => {
    stack = await startStack();
    world = await World.create(stack, undefined, { title: '旁路样本' });
  });

  afterAll(async () => {
    for (const c of connections) await c.close();
    await stack?.close();
  });

  /** A Temporal client of the outsider's: plain JSON (the CLI's default) or a converter given. */
  const outsider = async (dataConverter?: DataConverter) => {
    const connection = await Connection.connect({ address: stack.config.env.TEMPORAL_ADDRESS });
    connections.push(connection);
    return new Client({ connection, dataConverter });
  };

  const forge = async (client: Client, findingId: string, args: CompleteTaskArgs) => {
    const err = await client.workflow
      .getHandle(findingWorkflowId(findingId))
      .executeUpdate(completeTaskUpdate, { args: [args] })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return cause as ApplicationFailure;
  };

  const refusals = (findingId: string) =>
    stack.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ findingId, action: STEP_REFUSED_ACTION });

  it('refuses and audits a plain update with a made-up actor, and the finding keeps working', async () => {
    const id = await world.createFinding({ dept: 'D1', leader: 'leader1' });
    const draft = await world.mustTask(id, 'draft_measures');
    const before = await world.finding(id);
    const forged: CompleteTaskArgs = {
      taskId: draft.id,
      actor: {
        userId: 'ghost',
        roles: ['office', 'department', 'department_head', 'leader', 'committee'],
        departmentId: world.dept('D1'),
      },
      input: { measures: [{ text: '伪造的整改措施' }] } as CompleteTaskArgs['input'],
    };

    const refusal = await forge(await outsider(), id, forged);
    expect(refusal.type).toBe(FAILURE.forbidden);
    expect(refusal.message).toMatch(/not encrypted/);

    // Audited as refused, by nobody, with the reason; nothing else changed.
    const audited = await refusals(id);
    expect(audited).toHaveLength(1);
    expect(audited[0].actorId).toBeNull();
    expect(JSON.parse(audited[0].data)).toEqual({
      update: 'completeTask',
      reason: expect.stringMatching(/not encrypted/),
    });
    const after = await world.finding(id);
    expect(after.stage).toBe(before.stage);
    expect((await world.mustTask(id, 'draft_measures')).status).toBe(draft.status);
    const ghostEvents = await stack.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ actorId: 'ghost' });
    expect(ghostEvents).toHaveLength(0);

    // The workflow was not wedged: the finding moves on through the API.
    await world.step(id);
    expect((await world.finding(id)).stage).toBe('approve_measures');
    const done = await stack.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: draft.id });
    expect(done.status).toBe('done');
  });

  it('refuses an update encrypted with a key the service does not hold', async () => {
    const id = await world.createFinding({ dept: 'D1', leader: 'leader1' });
    const draft = await world.mustTask(id, 'draft_measures');
    const foreignKey = parsePayloadKey(randomBytes(32).toString('base64'), 'foreign');
    const client = await outsider({
      payloadCodecs: [new AesGcmPayloadCodec({ encryptKey: foreignKey })],
    });
    const refusal = await forge(client, id, {
      taskId: draft.id,
      actor: { userId: 'ghost', roles: ['department'], departmentId: world.dept('D1') },
      input: { measures: [{ text: '伪造' }] } as CompleteTaskArgs['input'],
    });
    expect(refusal.message).toMatch(/key this service does not hold/);
    expect(await refusals(id)).toHaveLength(1);
    expect((await world.finding(id)).stage).toBe('draft_measures');
    await world.step(id);
    expect((await world.finding(id)).stage).toBe('approve_measures');
  });

  // The bodies' schemas (libs/domain task-inputs) are loaded once and shared by every workflow
  // of the worker's V8 context, which the SDK freezes (apps/worker/src/workflow-bundle.ts): each
  // way a schema can refuse a body is taken here, in the worker's own sandbox, so that a part of
  // zod that a frozen context breaks shows as a wrong refusal, not as a passing test.
  it('refuses, even with the key and the right person, a body its kind does not take', async () => {
    const id = await world.createFinding({ dept: 'D1', leader: 'leader1' });
    const client = await outsider({
      payloadCodecs: [new AesGcmPayloadCodec(loadPayloadKeys(stack.config))],
    });
    const asDept = {
      userId: world.api.userId('dept1'),
      roles: ['department' as const],
      departmentId: world.dept('D1'),
    };
    const draft = await world.mustTask(id, 'draft_measures');
    const refused = async (
      taskId: string,
      actor: CompleteTaskArgs['actor'],
      input: unknown,
    ): Promise<string> => {
      const refusal = await forge(client, id, {
        taskId,
        actor,
        input: input as CompleteTaskArgs['input'],
      });
      expect(refusal.type).toBe(FAILURE.invalid);
      return refusal.message;
    };
    await expect(refused(draft.id, asDept, { measures: [] })).resolves.toBe(
      // A message that names its field already is not prefixed with it.
      'measures must hold at least one measure',
    );
    await expect(refused(draft.id, asDept, { measures: [{ text: '' }] })).resolves.toBe(
      'measures.0.text: must not be empty',
    );
    await expect(
      refused(draft.id, asDept, { measures: [{ text: '长'.repeat(5001) }] }),
    ).resolves.toMatch(/^measures\.0\.text: .*5000/);
    await expect(refused(draft.id, asDept, { measures: 'one' })).resolves.toMatch(
      /^measures: .*array/,
    );
    await expect(
      refused(draft.id, asDept, { measures: [{ text: '措施', dueAt: 'next week' }] }),
    ).resolves.toBe('measures.0.dueAt: must be a date and time');
    expect((await world.finding(id)).stage).toBe('draft_measures');

    await world.step(id);
    const approval = await world.mustTask(id, 'approve_measures');
    const asLeader = {
      userId: world.api.userId('leader1'),
      roles: ['leader' as const],
      departmentId: null,
    };
    await expect(refused(approval.id, asLeader, { decision: 'reject' })).resolves.toBe(
      'comment is required to reject',
    );
    await expect(refused(approval.id, asLeader, { decision: 'maybe' })).resolves.toMatch(
      /^decision: .*"approve"/,
    );
    // Nothing of the refused bodies was written; the right one goes through.
    expect(await refusals(id)).toHaveLength(0);
    expect((await world.finding(id)).stage).toBe('approve_measures');
    await world.step(id);
    expect((await world.finding(id)).stage).toBe('evidence');
  });

  it('refuses, even with the key, an actor the task is not for', async () => {
    const id = await world.createFinding({ dept: 'D1', leader: 'leader1' });
    const draft = await world.mustTask(id, 'draft_measures');
    const client = await outsider({
      payloadCodecs: [new AesGcmPayloadCodec(loadPayloadKeys(stack.config))],
    });
    const refusal = await forge(client, id, {
      taskId: draft.id,
      actor: {
        userId: world.api.userId('dept2'),
        roles: ['department'],
        departmentId: world.dept('D2'),
      },
      input: { measures: [{ text: '别的部门' }] } as CompleteTaskArgs['input'],
    });
    expect(refusal.type).toBe(FAILURE.forbidden);
    expect((await world.finding(id)).stage).toBe('draft_measures');
    await world.step(id);
    expect((await world.finding(id)).stage).toBe('approve_measures');
  });
});
