import ExcelJS from 'exceljs';
import { AuditEventEntity } from '@rectiflow/persistence';
import { LEDGER_SHEET, ROUND_SUMMARY_ROWS, ROUND_SUMMARY_SHEET } from '@rectiflow/reports';
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
  let ids: { atEvidence: string; closed: string };

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
    ids = { atEvidence, closed };
    // Imported by mistake and withdrawn: in the ledger, marked, but in no figure of either.
    const withdrawn = await world.createFinding({
      title: '误导入的问题',
      dept: 'D2',
      dueAt: inDays(20),
    });
    expect(
      (await api.post(`/findings/${withdrawn}/withdraw`, 'office', { reason: '重复导入' })).status,
    ).toBe(200);
    // Two 督办单 on the finding at evidence, one of them accepted; a 约谈 about the closed one.
    const order = await api.post(`/findings/${atEvidence}/supervision-orders`, 'supervisor', {
      departmentId: world.dept('D2'),
      requirement: '请于期限内报送整改佐证材料',
      dueAt: inDays(7).slice(0, 10),
    });
    expect(order.status).toBe(201);
    const second = await api.post(`/findings/${atEvidence}/supervision-orders`, 'supervisor', {
      departmentId: world.dept('D2'),
      requirement: '请说明整改进度',
      dueAt: inDays(7).slice(0, 10),
    });
    expect(second.status).toBe(201);
    const talk = await api.post('/supervision/records', 'supervisor', {
      kind: 'talk',
      occurredOn: new Date().toISOString().slice(0, 10),
      findingIds: [closed],
      subject: '牵头部门负责人',
      heldBy: '纪检组长',
    });
    expect(talk.status).toBe(201);
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** The round's findings as the API lists them, without the withdrawn one. */
  const listed = async () =>
    (
      (await api.get(`/findings?roundId=${world.roundId}&pageSize=500`, 'office')).body.items as {
        code: string;
        stage: string;
        overdue: boolean;
        longTerm: boolean;
        withdrawn: boolean;
      }[]
    ).filter((f) => !f.withdrawn);

  it('compares every figure of the opening with the findings', async () => {
    const res = await fetch(`${api.baseUrl}/api/rounds/${world.roundId}/report?format=md`, {
      headers: { authorization: `Bearer ${await api.token('office')}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const findings = await listed();
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
    // Under each finding, where it stands: the closed one with its closing day and the lead
    // department's 整改报告 (what it submitted), those awaiting assignment said to be so.
    const closed = (await api.get(`/findings/${ids.closed}`, 'office')).body;
    const day = new Intl.DateTimeFormat('zh-CN', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    })
      .formatToParts(new Date(closed.closedAt))
      .filter((p) => p.type !== 'literal')
      .map((p) => p.value);
    const line = `完成情况：已完成整改，${day[0]}年${day[1]}月${day[2]}日审核销号。整改报告：已完成整改。`;
    expect(text.indexOf(line)).toBeGreaterThan(text.indexOf('已销号的问题。'));
    expect(text.match(/完成情况：尚未交办/g)).toHaveLength(unassigned);
    expect(text).not.toContain('误导入的问题');
  });

  it('gives the ledger the same round figures, and each finding its completion and supervision', async () => {
    const res = await fetch(`${api.baseUrl}/api/rounds/${world.roundId}/ledger.xlsx`, {
      headers: { authorization: `Bearer ${await api.token('office')}` },
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());

    const findings = await listed();
    const count = (p: (f: (typeof findings)[number]) => boolean) => findings.filter(p).length;
    const summary = wb.getWorksheet(ROUND_SUMMARY_SHEET)!;
    const shown = new Map(
      ROUND_SUMMARY_ROWS.map((r, i) => [r.label, summary.getRow(i + 2).getCell(2).value]),
    );
    expect(shown.get('反馈问题总数')).toBe(findings.length);
    expect(shown.get('尚未交办')).toBe(count((f) => f.stage === 'assign'));
    expect(shown.get('已完成整改并销号')).toBe(count((f) => f.stage === 'closed'));
    expect(shown.get('正在推进')).toBe(count((f) => !['assign', 'closed'].includes(f.stage)));
    expect(shown.get('超过整改时限未完成')).toBe(count((f) => f.overdue && f.stage !== 'closed'));

    const sheet = wb.getWorksheet(LEDGER_SHEET)!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const cell = (code: string, heading: string) => {
      const r = [...Array(sheet.rowCount).keys()]
        .map((i) => sheet.getRow(i + 1))
        .find((row) => row.getCell(header.indexOf('编号') + 1).value === code)!;
      return r.getCell(header.indexOf(heading) + 1).value;
    };
    const detail = async (id: string) => (await api.get(`/findings/${id}`, 'office')).body;
    const atEvidence = await detail(ids.atEvidence);
    const closed = await detail(ids.closed);
    expect(cell(atEvidence.code, '整改完成情况')).toBe('正在推进');
    expect(cell(atEvidence.code, '督办单')).toBe(2);
    expect(cell(atEvidence.code, '未办结督办单')).toBe(2);
    expect(cell(closed.code, '整改完成情况')).toBe('已完成');
    expect(cell(closed.code, '约谈记录')).toBe(1);
    expect(cell(closed.code, '逾期天数')).toBe(null);
    const all = (await api.get(`/findings?roundId=${world.roundId}&pageSize=500`, 'office')).body
      .items as { code: string; withdrawn: boolean; stage: string }[];
    const gone = all.find((f) => f.withdrawn)!;
    expect(cell(gone.code, '整改完成情况')).toBe('已撤回');
    for (const f of all.filter((x) => x.stage === 'assign'))
      expect(cell(f.code, '整改完成情况')).toBe('待交办');
  });

  it("keeps the office's next steps with the round and states them in section 四", async () => {
    const path = `/rounds/${world.roundId}`;
    const nextSteps = '（一）每月召开一次整改推进会。\n（二）对逾期事项实行挂牌督办。';
    expect((await api.request('PATCH', path, { as: 'dept1', body: { nextSteps } })).status).toBe(
      403,
    );
    const bad = await api.request('PATCH', path, {
      as: 'office',
      body: { nextSteps: 'x'.repeat(5001) },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['nextSteps']);
    const saved = await api.request('PATCH', path, { as: 'office', body: { nextSteps } });
    expect(saved.status).toBe(200);
    expect(saved.body.nextSteps).toBe(nextSteps);
    expect((await api.get(path, 'leader1')).body.nextSteps).toBe(nextSteps);
    const report = async () =>
      (
        await fetch(`${api.baseUrl}/api/rounds/${world.roundId}/report?format=md`, {
          headers: { authorization: `Bearer ${await api.token('office')}` },
        })
      ).text();
    const text = await report();
    expect(text.slice(text.indexOf('四、下一步工作计划'))).toContain(
      '（一）每月召开一次整改推进会。\n\n（二）对逾期事项实行挂牌督办。',
    );
    // Emptied: the report writes its own plan again.
    expect(
      (await api.request('PATCH', path, { as: 'office', body: { nextSteps: '' } })).body,
    ).toMatchObject({
      nextSteps: null,
    });
    expect(await report()).toContain('（一）持续推进整改。');
    const events = await stack.dataSource.getRepository(AuditEventEntity).find({
      where: { action: 'round.next_steps_changed', entityId: world.roundId },
      order: { seq: 'ASC' },
    });
    expect(events.map((e) => (JSON.parse(e.data) as { after: string | null }).after)).toEqual([
      nextSteps,
      null,
    ]);
  });
});
