import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { SUPERVISION_RECORDS_SHEET, SUMMARY_SHEET } from '@rectiflow/reports';
import type { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';

/**
 * 约谈 and 问责 records over HTTP: the supervisor records a talk and an accountability decision
 * about findings; each is audited on every finding it names, listed on the finding and in the
 * records list, counted per department in the dashboard, the 整改台账's summary sheet and per
 * finding on the 督办台账, and exported; bad input is a 400 naming the field, with nothing
 * written.
 */
describe('约谈 and 问责 records', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  const ids: Record<string, string> = {};
  let otherRound = '';

  beforeAll(async () => {
    // Steps due in a month, warned ten days ahead: the D1 findings are on the ledger (due soon).
    stack = await startStack({ STEP_DUE: '30d', WARN_BEFORE: '10d' });
    world = await World.create(stack, undefined, { title: '县委第三巡察组反馈意见' });
    api = world.api;
    await api.token('u2office');
    ids.a = await world.createFinding({
      title: '公务用车管理不规范',
      dept: 'D1',
      dueAt: inDays(5),
    });
    ids.b = await world.createFinding({ title: '会议记录缺失', dept: 'D1', dueAt: inDays(6) });
    ids.c = await world.createFinding({ title: '采购程序不规范', dept: 'D2', dueAt: inDays(20) });
    const round = world.roundId;
    world.roundId = otherRound = (
      await api.post('/rounds', 'office', { title: '审计整改', source: 'audit' })
    ).body.id;
    ids.d = await world.createFinding({ title: '资金未清', dept: 'D2', dueAt: inDays(20) });
    world.roundId = round;
  });

  afterAll(async () => {
    await stack?.close();
  });

  const today = () =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

  it('records a talk and an accountability decision, audited on each finding', async () => {
    const talk = await api.post('/supervision/records', 'supervisor', {
      kind: 'talk',
      occurredOn: today(),
      findingIds: [ids.a, ids.b, ids.a],
      subject: '办公室主任',
      heldBy: '纪检组长',
      note: '整改进度滞后，要求月底前完成。',
    });
    expect(talk.status).toBe(201);
    expect(talk.body).toMatchObject({
      kind: 'talk',
      departmentId: world.dept('D1'),
      subject: '办公室主任',
      heldBy: '纪检组长',
      accountabilityKind: '',
    });
    expect(talk.body.findings.map((f: { id: string }) => f.id).sort()).toEqual(
      [ids.a, ids.b].sort(),
    );
    const accountability = await api.post('/supervision/records', 'supervisor', {
      kind: 'accountability',
      occurredOn: today(),
      findingIds: [ids.c, ids.d],
      subject: '财务科科长',
      accountabilityKind: '诫勉谈话',
    });
    expect(accountability.status).toBe(201);
    expect(accountability.body.departmentId).toBe(world.dept('D2'));
    expect(accountability.body.heldBy).toBe('');

    const audit = (await api.get(`/audit?entityId=${ids.b}`, 'office')).body.items as {
      action: string;
      data: { recordId: string; heldBy: string };
    }[];
    const recorded = audit.filter((e) => e.action === 'supervision.talk_recorded');
    expect(recorded.map((e) => [e.data.recordId, e.data.heldBy])).toEqual([
      [talk.body.id, '纪检组长'],
    ]);
    // Each finding's 办理过程 shows them (the test client holds every line to have a label).
    const actionsOf = async (id: string) =>
      ((await api.get(`/findings/${id}`, 'office')).body.history as { action: string }[]).map(
        (h) => h.action,
      );
    expect(await actionsOf(ids.b)).toContain('supervision.talk_recorded');
    expect(await actionsOf(ids.c)).toContain('supervision.accountability_recorded');
  });

  it('lists them by finding, department, kind and round, and only to those who watch', async () => {
    const list = async (query: string, as = 'office') => {
      const res = await api.get(`/supervision/records${query}`, as);
      expect(res.status).toBe(200);
      return res.body as {
        items: { kind: string; subject: string }[];
        total: number;
        accountabilityKinds: string[];
      };
    };
    const all = await list('');
    expect(all.total).toBe(2);
    expect(all.accountabilityKinds).toContain('诫勉谈话');
    expect((await list(`?findingId=${ids.a}`)).items.map((r) => r.kind)).toEqual(['talk']);
    expect((await list(`?findingId=${ids.d}`)).items.map((r) => r.kind)).toEqual([
      'accountability',
    ]);
    expect((await list(`?departmentId=${world.dept('D1')}`)).items.map((r) => r.subject)).toEqual([
      '办公室主任',
    ]);
    expect((await list('?kind=accountability')).items.map((r) => r.subject)).toEqual([
      '财务科科长',
    ]);
    expect((await list(`?roundId=${otherRound}`)).items.map((r) => r.subject)).toEqual([
      '财务科科长',
    ]);
    expect((await list('', 'committee')).total).toBe(2);
    // Another unit's office sees none of them; a department's clerk may not list them.
    expect((await list('', 'u2office')).total).toBe(0);
    expect((await api.get('/supervision/records', 'dept1')).status).toBe(403);
    // Only the supervisor records them.
    const byOffice = await api.post('/supervision/records', 'office', {
      kind: 'talk',
      occurredOn: today(),
      findingIds: [ids.a],
      subject: '某人',
      heldBy: '某人',
    });
    expect(byOffice.status).toBe(403);
  });

  it('counts them per department in the dashboard and the ledger, per finding on the 督办台账', async () => {
    const dashboard = (await api.get(`/dashboard?roundId=${world.roundId}`, 'office')).body as {
      byDepartment: { code: string; talks: number; accountabilityRecords: number }[];
    };
    const row = (code: string) => dashboard.byDepartment.find((d) => d.code === code)!;
    expect([row('D1').talks, row('D1').accountabilityRecords]).toEqual([1, 0]);
    // The accountability record is about a finding of this round too (ids.c).
    expect([row('D2').talks, row('D2').accountabilityRecords]).toEqual([0, 1]);
    expect([row('D3').talks, row('D3').accountabilityRecords]).toEqual([0, 0]);

    const ledger = (await api.get(`/supervision?roundId=${world.roundId}`, 'supervisor')).body as {
      items: { id: string; talks: number; accountabilityRecords: number }[];
    };
    const a = ledger.items.find((i) => i.id === ids.a)!;
    expect([a.talks, a.accountabilityRecords]).toEqual([1, 0]);

    const res = await fetch(`${api.baseUrl}/api/rounds/${world.roundId}/ledger.xlsx`, {
      headers: { authorization: `Bearer ${await api.token('office')}` },
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const summary = wb.getWorksheet(SUMMARY_SHEET)!;
    const rows = [...Array(summary.rowCount).keys()].map((i) => summary.getRow(i + 1));
    const headRow = rows.find((r) => (r.values as unknown[]).includes('部门代码'))!;
    const header = (headRow.values as string[]).slice(1);
    const line = rows.find((r) => r.getCell(header.indexOf('部门代码') + 1).value === 'D1')!;
    expect(line.getCell(header.indexOf('约谈记录') + 1).value).toBe(1);
    expect(line.getCell(header.indexOf('问责记录') + 1).value).toBe(0);
  });

  it('exports them as a workbook, audited', async () => {
    const res = await fetch(`${api.baseUrl}/api/supervision/records.xlsx`, {
      headers: { authorization: `Bearer ${await api.token('supervisor')}` },
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.getWorksheet(SUPERVISION_RECORDS_SHEET)!;
    const header = (sheet.getRow(2).values as string[]).slice(1);
    const cells = (name: string) =>
      [3, 4].map((n) => sheet.getRow(n).getCell(header.indexOf(name) + 1).value);
    expect(cells('类别')).toEqual(['约谈', '问责']);
    expect(cells('问责方式')).toEqual(['', '诫勉谈话']);
    expect(String(cells('涉及问题')[0])).toContain('公务用车管理不规范');
    const audit = (await api.get('/audit?action=supervision.records_exported', 'office')).body
      .items;
    expect(audit.length).toBe(1);
  });

  it('answers bad input with a 400 naming the field, and writes nothing', async () => {
    const before = (await api.get('/supervision/records', 'supervisor')).body.total;
    const post = (body: Record<string, unknown>) =>
      api.post('/supervision/records', 'supervisor', body);
    const base = {
      kind: 'talk',
      occurredOn: today(),
      findingIds: [ids.a],
      subject: '某人',
      heldBy: '组长',
    };
    const fields = async (body: Record<string, unknown>) => {
      const res = await post(body);
      expect(res.status).toBe(400);
      // One entry per field; a field may carry several codes (each rule it breaks).
      const errors = res.body.errors as { field: string; code: string }[];
      return [...new Set(errors.map((e) => e.field))].map((field) => [
        field,
        errors.find((e) => e.field === field)!.code,
      ]);
    };
    expect(await fields({ ...base, heldBy: undefined })).toEqual([['heldBy', expect.any(String)]]);
    expect(await fields({ ...base, kind: 'accountability', accountabilityKind: '罚款' })).toEqual([
      ['accountabilityKind', 'unknown_accountability_kind'],
    ]);
    expect(await fields({ ...base, occurredOn: '2999-01-01' })).toEqual([
      ['occurredOn', 'date_in_future'],
    ]);
    expect(await fields({ ...base, occurredOn: '2026-02-30' })).toEqual([
      ['occurredOn', expect.any(String)],
    ]);
    expect(await fields({ ...base, findingIds: [] })).toEqual([['findingIds', expect.any(String)]]);
    expect(await fields({ ...base, findingIds: ['00000000-0000-4000-8000-000000000000'] })).toEqual(
      [['findingIds', 'unknown_finding']],
    );
    expect(await fields({ ...base, departmentId: randomUUID() })).toEqual([
      ['departmentId', 'unknown_department'],
    ]);
    expect((await api.get('/supervision/records', 'supervisor')).body.total).toBe(before);
  });

  it('carries the minutes or the decision as files, read by whoever reads the record', async () => {
    const upload = (as: string, name: string, text: string) => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from(text)]), name);
      return api.request('POST', '/supervision/record-files', { as, raw: form });
    };
    const minutes = await upload('supervisor', '约谈记录.txt', '约谈记录：要求月底前完成整改。');
    expect(minutes.status).toBe(201);
    expect(minutes.body).toMatchObject({ filename: '约谈记录.txt', size: expect.any(Number) });
    // Nobody else reads a file no record carries yet.
    expect(
      (await api.get(`/supervision/record-files/${minutes.body.id}`, 'committee')).status,
    ).toBe(404);
    // Another supervisor's upload is not the caller's to attach: a 400 naming fileIds, no record.
    await api.token('jwjd');
    const foreign = await upload('jwjd', '决定.txt', '处理决定');
    const before = (await api.get('/supervision/records', 'supervisor')).body.total;
    const base = {
      kind: 'talk',
      occurredOn: today(),
      findingIds: [ids.a],
      subject: '办公室副主任',
      heldBy: '纪检组长',
    };
    const refused = await api.post('/supervision/records', 'supervisor', {
      ...base,
      fileIds: [minutes.body.id, foreign.body.id],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'fileIds' })]);
    expect((await api.get('/supervision/records', 'supervisor')).body.total).toBe(before);

    const talk = await api.post('/supervision/records', 'supervisor', {
      ...base,
      fileIds: [minutes.body.id],
    });
    expect(talk.status).toBe(201);
    expect(talk.body.files).toEqual([
      expect.objectContaining({ id: minutes.body.id, filename: '约谈记录.txt' }),
    ]);
    const listed = await api.get(`/supervision/records?findingId=${ids.a}`, 'office');
    expect(
      listed.body.items
        .find((r: { id: string }) => r.id === talk.body.id)
        .files.map((f: { id: string }) => f.id),
    ).toEqual([minutes.body.id]);
    const read = await fetch(`${api.baseUrl}/api/supervision/record-files/${minutes.body.id}`, {
      headers: { authorization: `Bearer ${await api.token('committee')}` },
    });
    expect(read.status).toBe(200);
    expect(await read.text()).toBe('约谈记录：要求月底前完成整改。');
    // Another unit's office does not see U1's records, nor their files.
    expect((await api.get(`/supervision/record-files/${minutes.body.id}`, 'u2office')).status).toBe(
      404,
    );
    // A file goes with one record only.
    const again = await api.post('/supervision/records', 'supervisor', {
      ...base,
      fileIds: [minutes.body.id],
    });
    expect(again.status).toBe(400);
    // The export names each record's files.
    const xlsx = await fetch(`${api.baseUrl}/api/supervision/records.xlsx`, {
      headers: { authorization: `Bearer ${await api.token('supervisor')}` },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const sheet = wb.getWorksheet(SUPERVISION_RECORDS_SHEET)!;
    const header = (sheet.getRow(2).values as unknown[]).indexOf('附件');
    expect(header).toBeGreaterThan(0);
    const cells: unknown[] = [];
    sheet.eachRow((row, n) => {
      if (n > 2) cells.push(row.getCell(header).value);
    });
    expect(cells).toContain('约谈记录.txt');
  });
});
