import ExcelJS from 'exceljs';
import { AuditEventEntity } from '@rectiflow/persistence';
import { LEDGER_COLUMNS, LEDGER_SHEET } from '@rectiflow/reports';
import type { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { World, inDays } from '../support/world';

/**
 * The office's changes to a running finding (API.md "Daily work") over HTTP on the real
 * Temporal dev server: 改派 moves the open steps, 延期 moves the deadline and its timers
 * (second-scale warnings and escalations), a new title keeps the old one in the history, 撤回
 * takes the finding out of every inbox and open count. Each is refused without a reason (400),
 * to anyone but the office (403), to another unit (404) and on a closed or withdrawn finding
 * (409).
 */
const S = 1000;
const WARN_BEFORE = 2 * S;

describe('changes on a running finding', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await startStack({
      WARN_BEFORE: '2s',
      STEP_DUE: '1h',
      ESCALATE_AFTER: '2s',
      ESCALATION_INTERVAL: '1h',
      STAGE_REPORT_EVERY: '1h',
      LOOK_BACK_AFTER: '1h',
    });
    world = await World.create(stack, undefined, { title: '调整测试轮次' });
    api = world.api;
  });

  afterAll(async () => {
    await stack?.close();
  });

  const detail = async (id: string) => (await api.get(`/findings/${id}`, 'office')).body;
  const historyOf = async (id: string, action: string) =>
    ((await detail(id)).history as { action: string; actorId: string; detail: any }[]).filter(
      (h) => h.action === action,
    );
  const audited = (id: string, action: string) =>
    stack.dataSource.getRepository(AuditEventEntity).findBy({ entityId: id, action });
  const ROUTES = (id: string) => [
    {
      method: 'POST',
      path: `/findings/${id}/reassign`,
      body: { responsibleLeaderId: api.userId('leader2') },
    },
    { method: 'POST', path: `/findings/${id}/due-date`, body: { dueAt: inDays(40) } },
    { method: 'PATCH', path: `/findings/${id}`, body: { title: '新标题' } },
    { method: 'POST', path: `/findings/${id}/withdraw`, body: {} },
  ];

  it('reassigns: the lead department’s open step moves to the new department, the leader’s to the new leader', async () => {
    const id = await world.createFinding({ dept: 'D1', leader: 'leader1' });
    expect(await api.taskFor('dept1', id, 'draft_measures')).toBeDefined();
    const res = await api.post(`/findings/${id}/reassign`, 'office', {
      leadDepartmentId: world.dept('D2'),
      responsibleLeaderId: api.userId('leader2'),
      coDepartmentIds: [world.dept('D3')],
      reason: '职责划转',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      leadDepartmentId: world.dept('D2'),
      responsibleLeaderId: api.userId('leader2'),
      coDepartmentIds: [world.dept('D3')],
      withdrawn: false,
    });
    expect(await api.taskFor('dept2', id, 'draft_measures')).toBeDefined();
    expect(await api.taskFor('dept1', id, 'draft_measures')).toBeUndefined();
    const [line] = await historyOf(id, 'finding.reassigned');
    expect(line).toMatchObject({
      actorId: api.userId('office'),
      detail: {
        reason: '职责划转',
        leadDepartmentId: world.dept('D2'),
        from: { leadDepartmentId: world.dept('D1'), responsibleLeaderId: api.userId('leader1') },
      },
    });
    expect(await audited(id, 'finding.reassigned')).toHaveLength(1);

    // The leader's own step (approving the measures) follows the leader.
    const other = await world.createFinding({ dept: 'D1', leader: 'leader1' });
    await world.advance(other, 'approve_measures');
    expect(await api.taskFor('leader1', other, 'approve_measures')).toBeDefined();
    const moved = await api.post(`/findings/${other}/reassign`, 'office', {
      responsibleLeaderId: api.userId('leader2'),
      reason: '分工调整',
    });
    expect(moved.status).toBe(200);
    expect(await api.taskFor('leader2', other, 'approve_measures')).toBeDefined();
    expect(await api.taskFor('leader1', other, 'approve_measures')).toBeUndefined();
  });

  it('moves the deadline on 延期: the evidence step, its light and its reminder follow the new date', async () => {
    const id = await world.createFinding({ dept: 'D1', dueAt: inDays(30) });
    await world.advance(id, 'evidence');
    expect((await detail(id)).light).toBe('green');
    // A calendar day is the end of that day in ORG_TIMEZONE (Asia/Shanghai by default).
    const day = await api.post(`/findings/${id}/due-date`, 'office', {
      dueAt: '2099-12-31',
      reason: '需要协调外部单位',
    });
    expect(day.status).toBe(400); // beyond DUE_DATE_HORIZON
    const inTenDays = new Date(Date.now() + 10 * 86_400_000);
    const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(inTenDays);
    const dayRes = await api.post(`/findings/${id}/due-date`, 'office', {
      dueAt: ymd,
      reason: '需要协调外部单位',
    });
    expect(dayRes.status).toBe(200);
    const endOfDay = Date.parse(`${ymd}T23:59:59.999+08:00`);
    expect(Date.parse(dayRes.body.dueAt)).toBe(endOfDay);

    // Now a deadline seconds away: the light turns yellow, then red, and the reminder comes.
    const soon = new Date(Date.now() + 4 * S).toISOString();
    const res = await api.post(`/findings/${id}/due-date`, 'office', {
      dueAt: soon,
      reason: '提前完成',
    });
    expect(res.status).toBe(200);
    expect(res.body.dueAt).toBe(soon);
    const evidence = await api.taskFor('dept1', id, 'submit_evidence');
    expect(evidence.dueAt).toBe(soon);
    const reminder = await pollUntil(
      'the reminder of the new date',
      async () =>
        (await api.get('/notifications?pageSize=500', 'dept1')).body.items.find(
          (n: any) => n.findingId === id && n.kind === 'reminder' && n.taskId === evidence.id,
        ),
      20 * S,
    );
    expect(Date.parse(reminder.createdAt)).toBeGreaterThanOrEqual(Date.parse(soon) - WARN_BEFORE);
    const red = await pollUntil(
      'the finding turns red',
      async () => {
        const d = await detail(id);
        return d.light === 'red' ? d : undefined;
      },
      20 * S,
    );
    expect(red.overdue).toBe(true);
    // The escalation ladder starts from the new date too.
    await pollUntil(
      'the escalation of the new date',
      async () => (await historyOf(id, 'finding.escalated'))[0],
      20 * S,
    );
    const lines = await historyOf(id, 'finding.due_changed');
    expect(lines.map((l) => l.detail.reason)).toEqual(['需要协调外部单位', '提前完成']);
    expect(lines[1].detail).toMatchObject({ dueAt: soon, from: dayRes.body.dueAt });
    expect(await audited(id, 'finding.due_changed')).toHaveLength(2);
  });

  it('retitles, keeping the earlier title in the history', async () => {
    const id = await world.createFinding({ title: '原标题', dept: 'D1' });
    const res = await api.request('PATCH', `/findings/${id}`, {
      as: 'office',
      body: { title: '  新标题  ', reason: '表述不准确' },
    });
    expect(res.status).toBe(200);
    expect(res.body.title).toBe('新标题');
    const [line] = await historyOf(id, 'finding.retitled');
    expect(line.detail).toMatchObject({ from: '原标题', title: '新标题', reason: '表述不准确' });
    expect(await audited(id, 'finding.retitled')).toHaveLength(1);
  });

  it('withdraws: out of every inbox and open count, still listed, marked withdrawn', async () => {
    const id = await world.createFinding({ dept: 'D1' });
    const unassigned = await world.createFinding();
    await world.advance(id, 'draft_measures');
    expect(await api.taskFor('dept1', id, 'draft_measures')).toBeDefined();
    expect(await api.taskFor('office', unassigned, 'assign')).toBeDefined();
    const dashboard = async () =>
      (await api.get(`/dashboard?roundId=${world.roundId}`, 'office')).body;
    const before = await dashboard();

    for (const f of [id, unassigned]) {
      const res = await api.post(`/findings/${f}/withdraw`, 'office', { reason: '重复问题' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ withdrawn: true, openTasks: [] });
    }
    expect(await api.taskFor('dept1', id, 'draft_measures')).toBeUndefined();
    expect(await api.taskFor('office', unassigned, 'assign')).toBeUndefined();
    const after = await dashboard();
    expect(after.total).toBe(before.total - 2);
    expect(after.byLight.unassigned).toBe(before.byLight.unassigned - 1);
    expect(after.byLight.green + after.byLight.yellow + after.byLight.red).toBe(
      before.byLight.green + before.byLight.yellow + before.byLight.red - 1,
    );
    // Still in the ledger, marked.
    const list = (await api.get(`/findings?roundId=${world.roundId}&pageSize=500`, 'office')).body;
    expect(list.items.find((f: any) => f.id === id)).toMatchObject({ withdrawn: true });
    // The ledger lists it, marked, without a light.
    const file = await fetch(`${api.baseUrl}/api/rounds/${world.roundId}/ledger.xlsx`, {
      headers: { authorization: `Bearer ${await api.token('office')}` },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await file.arrayBuffer()) as ArrayBuffer);
    const sheet = wb.getWorksheet(LEDGER_SHEET)!;
    const col = (header: string) => LEDGER_COLUMNS.findIndex((c) => c.header === header) + 1;
    const code = (await detail(id)).code;
    const row = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2)).find(
      (r) => r.getCell(col('编号')).value === code,
    )!;
    expect(String(row.getCell(col('整改阶段')).value)).toMatch(/^已撤回（.+）$/);
    expect(row.getCell(col('红黄绿灯')).value).toBe('—');
    const [line] = await historyOf(id, 'finding.withdrawn');
    expect(line).toMatchObject({ actorId: api.userId('office'), detail: { reason: '重复问题' } });
    expect(await audited(id, 'finding.withdrawn')).toHaveLength(1);

    // A withdrawn finding takes no more changes.
    for (const r of ROUTES(id)) {
      const res = await api.request(r.method, r.path, {
        as: 'office',
        body: { ...r.body, reason: '再次调整' },
      });
      expect({ route: r.path, status: res.status }).toEqual({ route: r.path, status: 409 });
    }
  });

  it('refuses without a reason (400), to others (403), to another unit (404) and once closed (409)', async () => {
    const id = await world.createFinding({ dept: 'D1' });
    for (const r of ROUTES(id)) {
      const missing = await api.request(r.method, r.path, { as: 'office', body: r.body });
      expect({ path: r.path, status: missing.status }).toEqual({ path: r.path, status: 400 });
      expect(missing.body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'reason', code: 'is_not_empty' }),
        ]),
      );
      const body = { ...r.body, reason: '调整' };
      for (const who of ['dept1', 'leader1', 'supervisor']) {
        const res = await api.request(r.method, r.path, { as: who, body });
        expect({ path: r.path, who, status: res.status }).toEqual({
          path: r.path,
          who,
          status: 403,
        });
      }
      const foreign = await api.request(r.method, r.path, { as: 'u2office', body });
      expect({ path: r.path, status: foreign.status }).toEqual({ path: r.path, status: 404 });
    }
    const changes = ['reassigned', 'due_changed', 'retitled', 'withdrawn'].map(
      (a) => `finding.${a}`,
    );
    expect((await detail(id)).history.filter((h: any) => changes.includes(h.action))).toEqual([]);

    const closed = await world.createFinding({ dept: 'D1' });
    await world.advance(closed, 'closed');
    for (const r of ROUTES(closed)) {
      const res = await api.request(r.method, r.path, {
        as: 'office',
        body: { ...r.body, reason: '调整' },
      });
      expect({ path: r.path, status: res.status }).toEqual({ path: r.path, status: 409 });
    }
  });
});
