import ExcelJS from 'exceljs';
import { SUPERVISION_SHEET } from '@rectiflow/reports';
import type { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';

/**
 * 督办台账 over HTTP: across two rounds and three departments, the ledger lists exactly the
 * findings that are overdue (and escalated once the ladder starts), due within the warning
 * window, or sent back more often than allowed — not the ones on course, not those awaiting
 * assignment — with every reason; its filters narrow it, its export holds the same rows, and a
 * unit's people never see another unit's.
 */
const S = 1000;

describe('supervision ledger (督办台账)', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  let roundA = '';
  let roundB = '';
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // Steps are due in a month and warn two days ahead; an overdue step escalates at once.
    stack = await startStack({
      STEP_DUE: '30d',
      WARN_BEFORE: '2d',
      ESCALATE_AFTER: '0s',
      ESCALATION_INTERVAL: '1h',
      SUPERVISION_SENT_BACK_OVER: '0',
    });
    world = await World.create(stack, undefined, { title: '县委第一巡察组反馈意见' });
    api = world.api;
    await api.token('u2office');
    await api.token('xcb');
    roundA = world.roundId;
    ids.dueSoon = await world.createFinding({
      title: '临期：台账不全',
      dept: 'D1',
      dueAt: inDays(1),
    });
    ids.onCourse = await world.createFinding({
      title: '正常：制度未建',
      dept: 'D2',
      dueAt: inDays(10),
    });
    ids.unassigned = await world.createFinding({ title: '待交办：问题未分' });
    world.roundId = roundB = (
      await api.post('/rounds', 'office', { title: '审计整改', source: 'audit' })
    ).body.id;
    ids.overdue = await world.createFinding({
      title: '逾期：资金未清',
      dept: 'D3',
      leader: 'leader2',
      dueAt: new Date(Date.now() + 3 * S).toISOString(),
    });
    ids.sentBack = await world.createFinding({
      title: '退回：措施空泛',
      dept: 'D2',
      dueAt: inDays(10),
    });
    // Sent back at the first review (a measures rejection is not a send-back).
    await world.advance(ids.sentBack, 'review_1');
    const review = await pollUntil('review_1', () =>
      api.taskFor('dept2head', ids.sentBack, 'review_1'),
    );
    const rejected = await api.post(`/tasks/${review.id}/complete`, 'dept2head', {
      decision: 'reject',
      comment: '佐证材料不足',
    });
    expect(rejected.status).toBe(200);
    // Wait until the overdue one has passed its due time and climbed the first rung.
    await pollUntil(
      'overdue and escalated',
      async () => {
        const f = (await api.get(`/findings/${ids.overdue}`, 'office')).body;
        const s = (await api.get(`/findings/${ids.sentBack}`, 'office')).body;
        return f.overdue && f.escalationLevel > 0 && s.sentBackCount > 0;
      },
      60 * S,
    );
  });

  afterAll(async () => {
    await stack?.close();
  });

  const ledger = async (query = '', as = 'supervisor') => {
    const res = await api.get(`/supervision${query}`, as);
    expect(res.status).toBe(200);
    return res.body as { items: { id: string; reasons: string[] }[]; total: number };
  };
  const reasonsById = (items: { id: string; reasons: string[] }[]) =>
    Object.fromEntries(items.map((i) => [i.id, [...i.reasons].sort()]));

  it('lists exactly the late, escalated, sent-back and due-soon findings, with their reasons', async () => {
    const all = await ledger();
    expect(reasonsById(all.items)).toEqual({
      [ids.overdue]: ['escalated', 'overdue'],
      [ids.dueSoon]: ['due_soon'],
      [ids.sentBack]: ['sent_back'],
    });
    expect(all.total).toBe(3);
    // Most urgent first: the escalated one leads.
    expect(all.items[0].id).toBe(ids.overdue);
    // The office, the committee and the inspecting side see the same; another unit none of it.
    for (const as of ['office', 'committee', 'inspector', 'xcb']) {
      expect(reasonsById((await ledger('', as)).items)).toEqual(reasonsById(all.items));
    }
    expect((await ledger('', 'u2office')).total).toBe(0);
    expect((await api.get('/supervision', 'dept1')).status).toBe(403);
    expect((await api.get('/supervision', 'leader1')).status).toBe(403);
  });

  it('narrows by round, department, leader, reason, light and level', async () => {
    const only = async (query: string) => (await ledger(query)).items.map((i) => i.id).sort();
    expect(await only(`?roundId=${roundA}`)).toEqual([ids.dueSoon]);
    expect(await only(`?roundId=${roundB}`)).toEqual([ids.overdue, ids.sentBack].sort());
    expect(await only(`?departmentId=${world.dept('D3')}`)).toEqual([ids.overdue]);
    expect(await only(`?leaderId=${api.userId('leader2')}`)).toEqual([ids.overdue]);
    expect(await only('?reason=due_soon')).toEqual([ids.dueSoon]);
    expect(await only('?reason=sent_back')).toEqual([ids.sentBack]);
    expect(await only('?light=red')).toEqual([ids.overdue]);
    expect(await only('?light=green')).toEqual([ids.sentBack]);
    expect(await only('?level=1')).toEqual([ids.overdue]);
    const units = (await api.get('/units', 'xcb')).body.items as { id: string; code: string }[];
    const u2 = units.find((u) => u.code === 'U2')!.id;
    expect((await ledger(`?unitId=${u2}`, 'xcb')).total).toBe(0);
    expect((await api.get('/supervision?reason=late', 'supervisor')).status).toBe(400);
    expect((await api.get('/supervision?level=0', 'supervisor')).status).toBe(400);
  });

  it('exports the same rows as a workbook', async () => {
    const res = await fetch(`${api.baseUrl}/api/supervision.xlsx?roundId=${roundB}`, {
      headers: { authorization: `Bearer ${await api.token('supervisor')}` },
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.getWorksheet(SUPERVISION_SHEET)!;
    const header = (sheet.getRow(2).values as string[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const rows = [3, 4].map((n) => sheet.getRow(n));
    expect(sheet.rowCount).toBe(4);
    expect(rows.map((r) => r.getCell(col('反馈问题')).value)).toEqual([
      '逾期：资金未清',
      '退回：措施空泛',
    ]);
    expect(rows[0].getCell(col('列入原因')).value).toBe('逾期、已督办');
    expect(rows[1].getCell(col('列入原因')).value).toBe('多次退回');
    expect(rows[0].getCell(col('牵头部门')).value).toBe(
      (await api.get('/departments', 'office')).body.items.find(
        (d: { code: string }) => d.code === 'D3',
      ).name,
    );
  });

  it('counts lights in the dashboard with 待交办 apart', async () => {
    const dash = (await api.get('/dashboard', 'office')).body;
    expect(dash.byLight).toEqual({ green: 2, yellow: 1, red: 1, unassigned: 1 });
  });
});
