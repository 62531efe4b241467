import { Client } from '@temporalio/client';
import { findingWorkflowId } from '@rectiflow/contracts';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * Operators find findings in the Temporal CLI and UI by the search attributes the workflow
 * publishes (`temporal workflow list --query 'RectiflowStage="review_2"'`), and read which
 * finding a run is from its memo (code and title). Visibility is eventually consistent: the
 * test polls the list with a deadline.
 */
const S = 1000;

describe('search attributes and memo of a finding workflow', () => {
  let stack: TestStack;
  let world: World;
  let client: Client;

  beforeAll(async () => {
    stack = await startStack();
    world = await World.create(stack, undefined, { title: '检索属性样本' });
    client = stack.app.get(Client);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const listed = async (query: string) => {
    const ids: string[] = [];
    for await (const run of client.workflow.list({ query })) ids.push(run.workflowId);
    return ids;
  };

  it('lists a finding by round, stage and lead department, and follows it to the next stage', async () => {
    const id = await world.createFinding({
      title: '检索属性：台账不全',
      measures: ['一是补齐台账'],
      dept: 'D1',
      leader: 'leader1',
    });
    const wf = findingWorkflowId(id);
    const byStage = (stage: string) =>
      `RectiflowRound="${world.roundId}" AND RectiflowStage="${stage}" AND RectiflowLeadDepartment="${world.dept('D1')}"`;

    await pollUntil(
      'listed at draft_measures',
      async () => (await listed(byStage('draft_measures'))).includes(wf),
      30 * S,
    );
    expect(await listed(byStage('review_1'))).not.toContain(wf);

    const described = await client.workflow.getHandle(wf).describe();
    const finding = await world.finding(id);
    expect(described.memo).toEqual({ code: finding.code, title: '检索属性：台账不全' });
    expect(described.searchAttributes.RectiflowLeader).toEqual([world.api.userId('leader1')]);
    expect(described.searchAttributes.RectiflowOverdue).toEqual([false]);

    await world.advance(id, 'approve_measures');
    await pollUntil(
      'listed at approve_measures',
      async () => (await listed(byStage('approve_measures'))).includes(wf),
      30 * S,
    );
    expect(await listed(byStage('draft_measures'))).not.toContain(wf);
  });
});
