import ExcelJS from 'exceljs';
import { EscalationEntity } from '@rectiflow/persistence';
import { SCORECARD_FORMULA_SHEET, SCORECARD_SHEET } from '@rectiflow/reports';
import type { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';

/**
 * 绩效考核 over HTTP on the real Temporal dev server: findings of three departments are driven
 * to a known mix (closed on time, closed late, sent back, escalated), with a 问责 record, a 约谈
 * (which does not count) and an open 督办单; every figure and score of the scorecard is then
 * checked against the arithmetic written out below from those facts and the weights the stack
 * is started with, for a round and for date ranges; a department sees only its row; the
 * workbook reads back with the formula; bad parameters are a 400 naming the field.
 */

/** The weights this stack runs with (SCORECARD_WEIGHTS), all different from the defaults. */
const W = {
  base: 50,
  onTime: 40,
  overdueDay: 1.5,
  sentBack: 2,
  escalation: 3,
  accountability: 5,
  openOrder: 4,
};

/** The organisation's calendar day of an instant (en-CA formats as YYYY-MM-DD). */
const dayOf = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(iso));

interface Part {
  value: number | null;
  weight: number;
  points: number;
}
interface Row {
  departmentId: string;
  code: string;
  findings: number;
  due: number;
  closedOnTime: number;
  onTimeRate: Part;
  overdueDays: Part;
  sentBacks: Part;
  escalations: Part;
  accountabilityRecords: Part;
  openOrders: Part;
  score: number;
}

describe('scorecard (绩效考核)', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  /** T: D1, closed on time; S: D1, sent back once, an open 督办单; L: D2, closed late; E: D3, escalated. */
  const ids: Record<'T' | 'S' | 'L' | 'E', string> = { T: '', S: '', L: '', E: '' };
  const due: Record<'L' | 'E', string> = { L: '', E: '' };

  beforeAll(async () => {
    // Steps due in an hour; a late step escalates one second after its due time, once.
    stack = await startStack({
      STEP_DUE: '1h',
      ESCALATE_AFTER: '1s',
      ESCALATION_INTERVAL: '1h',
      SCORECARD_WEIGHTS: JSON.stringify(W),
    });
    world = await World.create(stack, undefined, { title: '2026年度巡察整改' });
    api = world.api;
    await api.token('u2office');

    // Two deadlines a few seconds away: L's evidence is in and reviewed before it passes (no step
    // is late), its last approval comes after it; E sits at the evidence step past it.
    due.L = new Date(Date.now() + 25_000).toISOString();
    due.E = new Date(Date.now() + 25_000).toISOString();
    ids.L = await world.createFinding({ title: '公务接待超标准', dept: 'D2', dueAt: due.L });
    ids.E = await world.createFinding({ title: '固定资产账实不符', dept: 'D3', dueAt: due.E });
    await world.advance(ids.L, 'review_3');
    await world.advance(ids.E, 'evidence');

    ids.T = await world.createFinding({ title: '会议记录缺失', dept: 'D1', dueAt: inDays(30) });
    ids.S = await world.createFinding({ title: '制度执行不严', dept: 'D1', dueAt: inDays(30) });
    await world.advance(ids.T, 'closed');
    await world.advance(ids.S, 'review_1');
    const review = await world.mustTask(ids.S, 'review_1');
    const back = await api.post(
      `/tasks/${review.id}/complete`,
      world.deptUser(world.dept('D1'), true),
      {
        decision: 'reject',
        comment: '佐证材料不全',
      },
    );
    expect(back.status).toBe(200);
    const order = await api.post(`/findings/${ids.S}/supervision-orders`, 'supervisor', {
      departmentId: world.dept('D1'),
      requirement: '限期补齐佐证材料',
      dueAt: inDays(7).slice(0, 10),
    });
    expect(order.status).toBe(201);

    const today = dayOf(new Date().toISOString());
    const accountability = await api.post('/supervision/records', 'supervisor', {
      kind: 'accountability',
      occurredOn: today,
      findingIds: [ids.L],
      subject: '政治处主任',
      accountabilityKind: '诫勉谈话',
    });
    expect(accountability.status).toBe(201);
    // A 约谈 is not a 问责: it counts for nobody.
    const talk = await api.post('/supervision/records', 'supervisor', {
      kind: 'talk',
      occurredOn: today,
      findingIds: [ids.T],
      subject: '办公室主任',
      heldBy: '纪检组长',
    });
    expect(talk.status).toBe(201);

    // L: the deadline passes, then the last approval closes it (late, by less than a day).
    await pollUntil('L past its deadline', async () => Date.now() > Date.parse(due.L) + 1000);
    await world.step(ids.L);
    await pollUntil('L closed', async () => (await world.finding(ids.L)).stage === 'closed');
    // E: its evidence step is late and escalates.
    await pollUntil(
      'E escalated',
      async () =>
        (await stack.dataSource.getRepository(EscalationEntity).countBy({ findingId: ids.E })) > 0,
      60_000,
    );
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  const get = async (query: string, as = 'office') => {
    const res = await api.get(`/scorecard${query}`, as);
    expect(res.status).toBe(200);
    return res.body as {
      period: Record<string, unknown>;
      weights: typeof W;
      formula: string;
      departments: Row[];
    };
  };
  const rowOf = (rows: Row[], code: string) => {
    const row = rows.find((r) => r.code === code);
    if (!row) throw new Error(`no row ${code}`);
    return row;
  };
  const part = (value: number | null, weight: number, points: number) => ({
    value,
    weight,
    points,
  });

  it('the seeded facts are as the hand computation assumes', async () => {
    const [T, S, L, E] = await Promise.all(
      [ids.T, ids.S, ids.L, ids.E].map((id) => world.finding(id)),
    );
    expect(T.stage).toBe('closed');
    expect(T.closedAt! <= T.dueAt!).toBe(true);
    expect(L.stage).toBe('closed');
    expect(L.closedAt! > L.dueAt!).toBe(true);
    // Late by less than a day: one started day.
    expect(Date.parse(L.closedAt!) - Date.parse(L.dueAt!)).toBeLessThan(86_400_000);
    expect(S.stage).not.toBe('closed');
    expect(S.sentBackCount).toBe(1);
    expect(E.stage).not.toBe('closed');
    const escalations = stack.dataSource.getRepository(EscalationEntity);
    expect(await escalations.countBy({ findingId: ids.E })).toBe(1);
    expect(await escalations.countBy({ findingId: ids.L })).toBe(0);
    expect(await escalations.countBy({ findingId: ids.T })).toBe(0);
    expect(await escalations.countBy({ findingId: ids.S })).toBe(0);
  });

  it('scores a round: every figure and score as computed by hand', async () => {
    const view = await get(`?roundId=${world.roundId}`);
    expect(view.weights).toEqual(W);
    expect(view.formula).toBe(
      '得分 = max(0, 50 + 40 × 按期办结率 − 1.5 × 超期天数 − 2 × 退回次数 − 3 × 升级督办次数 − 5 × 问责次数 − 4 × 未办结督办单)',
    );
    expect(view.period).toMatchObject({ roundId: world.roundId, from: null, to: null });

    // D1: T closed on time and S not yet due: 1 of 1 come due on time → 40 × 1 = 40;
    // no day overdue; S sent back once → −2; the 约谈 does not count; S's open order → −4.
    // 50 + 40 − 2 − 4 = 84.
    expect(rowOf(view.departments, 'D1')).toMatchObject({
      findings: 2,
      due: 1,
      closedOnTime: 1,
      onTimeRate: part(1, 40, 40),
      overdueDays: part(0, 1.5, 0),
      sentBacks: part(1, 2, -2),
      escalations: part(0, 3, 0),
      accountabilityRecords: part(0, 5, 0),
      openOrders: part(1, 4, -4),
      score: 84,
    });
    // D2: L closed late (less than a day): 0 of 1 on time → 0; 1 day → −1.5; its 问责 → −5.
    // 50 + 0 − 1.5 − 5 = 43.5.
    expect(rowOf(view.departments, 'D2')).toMatchObject({
      findings: 1,
      due: 1,
      closedOnTime: 0,
      onTimeRate: part(0, 40, 0),
      overdueDays: part(1, 1.5, -1.5),
      sentBacks: part(0, 2, 0),
      escalations: part(0, 3, 0),
      accountabilityRecords: part(1, 5, -5),
      openOrders: part(0, 4, 0),
      score: 43.5,
    });
    // D3: E open past its deadline (less than a day): 0 of 1 → 0; 1 day → −1.5; escalated → −3.
    // 50 + 0 − 1.5 − 3 = 45.5.
    expect(rowOf(view.departments, 'D3')).toMatchObject({
      findings: 1,
      due: 1,
      closedOnTime: 0,
      onTimeRate: part(0, 40, 0),
      overdueDays: part(1, 1.5, -1.5),
      sentBacks: part(0, 2, 0),
      escalations: part(1, 3, -3),
      accountabilityRecords: part(0, 5, 0),
      openOrders: part(0, 4, 0),
      score: 45.5,
    });
    // Highest score first.
    const scores = view.departments.map((d) => d.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('scores a range of calendar days: only the findings whose deadline falls in it', async () => {
    // T and S are due in 30 days: a range around then holds only them.
    const later = await get(`?from=${dayOf(inDays(20))}&to=${dayOf(inDays(40))}`);
    expect(later.period).toMatchObject({ roundId: null, timeZone: 'Asia/Shanghai' });
    expect(rowOf(later.departments, 'D1')).toMatchObject({ findings: 2, score: 84 });
    // D2 and D3 have nothing due then: the on-time points in full, nothing off → 50 + 40.
    for (const code of ['D2', 'D3'])
      expect(rowOf(later.departments, code)).toMatchObject({
        findings: 0,
        due: 0,
        onTimeRate: part(null, 40, 40),
        accountabilityRecords: part(0, 5, 0),
        score: 90,
      });
    // The days of L's and E's deadlines hold only them (with the round too: the same).
    const [a, b] = [dayOf(due.L), dayOf(due.E)].sort();
    for (const query of [`?from=${a}&to=${b}`, `?roundId=${world.roundId}&from=${a}&to=${b}`]) {
      const soon = await get(query);
      expect(rowOf(soon.departments, 'D1')).toMatchObject({ findings: 0, score: 90 });
      expect(rowOf(soon.departments, 'D2')).toMatchObject({ findings: 1, score: 43.5 });
      expect(rowOf(soon.departments, 'D3')).toMatchObject({ findings: 1, score: 45.5 });
    }
  });

  it('shows a department only its own row, with the figures the office sees', async () => {
    const office = await get(`?roundId=${world.roundId}`);
    for (const [user, code] of [
      ['dept1', 'D1'],
      ['dept3head', 'D3'],
    ]) {
      const own = await get(`?roundId=${world.roundId}`, user);
      expect(own.departments).toEqual([rowOf(office.departments, code)]);
    }
    // Every watcher sees every department of the unit; another unit's office none of these.
    for (const as of ['committee', 'supervisor', 'inspector'])
      expect((await get(`?roundId=${world.roundId}`, as)).departments).toEqual(office.departments);
    const other = await get('', 'u2office');
    expect(other.departments.map((d) => d.code)).not.toContain('D1');
    // A leader does not read it.
    expect((await api.get('/scorecard', 'leader1')).status).toBe(403);
  });

  it('exports the workbook with the formula and weights, audited', async () => {
    const res = await fetch(`${api.baseUrl}/api/scorecard.xlsx?roundId=${world.roundId}`, {
      headers: { authorization: `Bearer ${await api.token('office')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.getWorksheet(SCORECARD_SHEET)!;
    expect(sheet.getRow(2).getCell(1).value).toBe(
      '得分 = max(0, 50 + 40 × 按期办结率 − 1.5 × 超期天数 − 2 × 退回次数 − 3 × 升级督办次数 − 5 × 问责次数 − 4 × 未办结督办单)',
    );
    const header = (sheet.getRow(3).values as string[]).slice(1);
    const line = (code: string) => {
      for (let n = 4; n <= sheet.rowCount; n++) {
        const row = sheet.getRow(n);
        if (row.getCell(header.indexOf('部门编号') + 1).value === code)
          return (name: string) => row.getCell(header.indexOf(name) + 1).value;
      }
      throw new Error(`no line ${code}`);
    };
    expect(line('D2')('超期天数')).toBe(1);
    expect(line('D2')('问责次数得分')).toBe(-5);
    expect(line('D2')('得分')).toBe(43.5);
    expect(line('D1')('按期办结率(%)')).toBe(100);
    expect(line('D1')('未办结督办单')).toBe(1);
    expect(line('D1')('得分')).toBe(84);
    expect(line('D3')('升级督办次数')).toBe(1);
    expect(line('D3')('得分')).toBe(45.5);
    const weights = wb.getWorksheet(SCORECARD_FORMULA_SHEET)!;
    const values = [...Array(weights.rowCount).keys()].map((i) =>
      (weights.getRow(i + 1).values as unknown[]).slice(1),
    );
    expect(values).toContainEqual(['基础分', 50, '']);
    expect(values).toContainEqual(['每超期一天扣分', 1.5, '超期天数']);
    expect(values).toContainEqual(['每份未办结督办单扣分', 4, '未办结督办单']);

    // A department's workbook holds its own line only.
    const own = await fetch(`${api.baseUrl}/api/scorecard.xlsx?roundId=${world.roundId}`, {
      headers: { authorization: `Bearer ${await api.token('dept2')}` },
    });
    const ownWb = new ExcelJS.Workbook();
    await ownWb.xlsx.load(await own.arrayBuffer());
    const ownSheet = ownWb.getWorksheet(SCORECARD_SHEET)!;
    expect(ownSheet.rowCount).toBe(4);
    // Its own line, with no rank (it is not compared with lines it cannot see).
    const ownHeader = (ownSheet.getRow(3).values as string[]).slice(1);
    expect(ownSheet.getRow(4).getCell(ownHeader.indexOf('部门编号') + 1).value).toBe('D2');
    expect(ownSheet.getRow(4).getCell(ownHeader.indexOf('名次') + 1).value).toBe('—');
    expect(ownSheet.getRow(4).getCell(ownHeader.indexOf('得分') + 1).value).toBe(43.5);

    const audit = (await api.get('/audit?action=scorecard.exported', 'office')).body.items as {
      data: { departments: number; weights: typeof W };
    }[];
    expect(audit.length).toBeGreaterThanOrEqual(1);
    expect(audit[0].data.weights).toEqual(W);
  });

  it('answers bad parameters with a 400 naming the field', async () => {
    const fields = async (query: string) => {
      const res = await api.get(`/scorecard${query}`, 'office');
      expect(res.status).toBe(400);
      const errors = res.body.errors as { field: string; code: string }[];
      return [...new Set(errors.map((e) => e.field))].map((field) => [
        field,
        errors.find((e) => e.field === field)!.code,
      ]);
    };
    expect(await fields('?from=2026-01-01')).toEqual([['to', 'range_incomplete']]);
    expect(await fields('?to=2026-01-01')).toEqual([['from', 'range_incomplete']]);
    expect(await fields('?from=2026-03-01&to=2026-02-01')).toEqual([['to', 'range_reversed']]);
    expect(await fields('?from=2026-02-30&to=2026-03-01')).toEqual([['from', expect.any(String)]]);
    expect(await fields('?from=yesterday&to=2026-03-01')).toEqual([['from', expect.any(String)]]);
    expect(await fields('?roundId=nope')).toEqual([['roundId', expect.any(String)]]);
    expect(await fields('?unitId=nope')).toEqual([['unitId', expect.any(String)]]);
    expect((await api.get('/scorecard.xlsx?from=2026-01-01', 'office')).status).toBe(400);
    expect(
      (await api.get('/scorecard?roundId=00000000-0000-4000-8000-000000000000', 'office')).status,
    ).toBe(404);
  });
});
