import type { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';

/**
 * The 通报's opening states what the data says: every figure of sections 一 (一) and (二) in the
 * generated text is compared with the findings as the API lists them — a round with findings
 * still awaiting assignment never claims each one has a leader, a department and a deadline.
 */
describe('the progress report states the figures of the data', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await startStack({});
    world = await World.create(stack, undefined, { title: '县委第四巡察组反馈意见' });
    api = world.api;
    await world.createFinding({ title: '待交办的问题一' });
    await world.createFinding({ title: '待交办的问题二' });
    await world.createFinding({ title: '正在制定措施的问题', dept: 'D1', dueAt: inDays(20) });
    const atEvidence = await world.createFinding({
      title: '措施已审定的问题',
      dept: 'D2',
      dueAt: inDays(20),
    });
    await world.advance(atEvidence, 'evidence');
    const closed = await world.createFinding({
      title: '已销号的问题',
      dept: 'D1',
      dueAt: inDays(20),
    });
    await world.advance(closed, 'closed');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('compares every figure of the opening with the findings', async () => {
    const res = await fetch(`${api.baseUrl}/api/rounds/${world.roundId}/report?format=md`, {
      headers: { authorization: `Bearer ${await api.token('office')}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const findings = (await api.get(`/findings?roundId=${world.roundId}&pageSize=500`, 'office'))
      .body.items as { stage: string; overdue: boolean; longTerm: boolean }[];
    const count = (p: (f: (typeof findings)[number]) => boolean) => findings.filter(p).length;
    const unassigned = count((f) => f.stage === 'assign');
    const closedCount = count((f) => f.stage === 'closed');
    const inProgress = findings.length - unassigned - closedCount;
    const approved = count((f) =>
      ['evidence', 'review_1', 'review_2', 'review_3', 'long_term', 'closed'].includes(f.stage),
    );
    expect([findings.length, unassigned, closedCount, inProgress, approved]).toEqual([
      5, 2, 1, 2, 2,
    ]);
    expect(text).toContain(
      `对巡察反馈的${findings.length}个问题，已对其中${findings.length - unassigned}个明确责任领导、牵头部门和整改时限，` +
        `其余${unassigned}个正在研究交办`,
    );
    expect(text).toContain(`（${approved}个问题的整改措施已经审定）`);
    expect(text).toContain(
      `${findings.length}个问题中已完成整改并销号${closedCount}个，正在推进${inProgress}个，` +
        `其中需长期整改${count((f) => f.longTerm && f.stage !== 'closed' && f.stage !== 'assign')}个；` +
        `尚未交办${unassigned}个；超过整改时限未完成${count((f) => f.overdue && f.stage !== 'closed')}个。`,
    );
    expect(text).not.toContain('逐一明确');
  });
});
