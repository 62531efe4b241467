import ExcelJS from 'exceljs';
import { In } from 'typeorm';
import { AuditEventEntity, FindingEntity, TaskEntity } from '@rectiflow/persistence';
import { IMPORT_FIELDS, IMPORT_SHEET } from '@rectiflow/reports';
import type { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';

/**
 * 交办 on import over HTTP, on the real Temporal dev server: the rows of an import that carry a
 * leader, lead department and due time are assigned through each new finding's own `assign`
 * task (as one by one would), the others await assignment, and a refused assignment leaves its
 * finding created and is reported with its row and the reason. The filled-in template names
 * people and departments by name, username or code; names it cannot match are refused per row
 * and field before anything is written.
 */
describe('import with assignment (导入即交办)', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;

  const importJson = (roundId: string, body: unknown, query = '') =>
    api.request('POST', `/rounds/${roundId}/import${query}`, { as: 'office', body });
  const importXlsx = (roundId: string, content: Buffer, query = '') => {
    const form = new FormData();
    form.append('file', new Blob([content]), '问题清单.xlsx');
    return api.request('POST', `/rounds/${roundId}/import${query}`, { as: 'office', raw: form });
  };
  const newRound = async (title: string) => {
    const res = await api.post('/rounds', 'office', { title, source: 'inspection' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const findingsOf = (ids: string[]) =>
    stack.dataSource.getRepository(FindingEntity).findBy({ id: In(ids) });
  const assignSteps = (ids: string[]) =>
    stack.dataSource.getRepository(TaskEntity).findBy({ findingId: In(ids), kind: 'assign' });

  beforeAll(async () => {
    stack = await startStack();
    world = await World.create(stack, undefined, { title: '县委第一巡察组反馈意见' });
    api = world.api;
    await api.token('u2office');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('creates 30 findings and assigns those that carry an assignment, reporting the refused ones per row', async () => {
    const roundId = await newRound('导入即交办');
    const u2Departments = (await api.get('/departments', 'u2office')).body.items as {
      id: string;
      code: string;
    }[];
    const foreignDept = u2Departments.find((d) => d.code === 'U2D1')!.id;
    const good = {
      responsibleLeaderId: api.userId('leader2'),
      leadDepartmentId: world.dept('D2'),
      coDepartmentIds: [world.dept('D3')],
      dueAt: inDays(60).slice(0, 10),
    };
    // Rows 0–24 assigned as one; 25 names a clerk as leader, 26 another unit's department;
    // 27–29 carry no assignment.
    const assignmentOf = (i: number) =>
      i < 25
        ? good
        : i === 25
          ? { ...good, responsibleLeaderId: api.userId('dept1') }
          : i === 26
            ? { ...good, leadDepartmentId: foreignDept, coDepartmentIds: [] }
            : undefined;
    const findings = Array.from({ length: 30 }, (_, i) => ({
      title: `问题${i + 1}`,
      measures: [`措施${i + 1}`],
      ...(assignmentOf(i) ? { assignment: assignmentOf(i) } : {}),
    }));
    const body = {
      areas: [
        {
          title: '聚焦全面从严治党方面',
          themes: [{ title: '主体责任', findings: findings.slice(0, 15) }],
        },
        {
          title: '聚焦基层党组织建设方面',
          themes: [{ title: '组织建设', findings: findings.slice(15) }],
        },
      ],
    };

    const dry = await importJson(roundId, body, '?dryRun=true');
    expect(dry.status).toBe(200);
    // The due day, read as the end of that day in ORG_TIMEZONE (Asia/Shanghai).
    const dueAt = `${good.dueAt}T15:59:59.999Z`;
    expect(dry.body.tree[0].themes[0].findings[0].assignment).toEqual({ ...good, dueAt });
    expect(dry.body).not.toHaveProperty('assigned');
    expect(await stack.dataSource.getRepository(FindingEntity).countBy({ roundId })).toBe(0);

    const res = await importJson(roundId, body);
    expect(res.status).toBe(201);
    const ids = res.body.findingIds as string[];
    expect(ids).toHaveLength(30);
    expect(res.body.assigned).toEqual(ids.slice(0, 25));
    expect(res.body.failed).toEqual([
      { findingId: ids[25], index: 25, message: expect.stringMatching(/responsibleLeaderId/) },
      { findingId: ids[26], index: 26, message: expect.stringMatching(/leadDepartmentId/) },
    ]);

    const rows = new Map((await findingsOf(ids)).map((f) => [f.id, f]));
    for (const id of ids.slice(0, 25)) {
      expect(rows.get(id)).toMatchObject({
        stage: 'draft_measures',
        responsibleLeaderId: api.userId('leader2'),
        leadDepartmentId: world.dept('D2'),
        coDepartmentIds: [world.dept('D3')],
        dueAt,
      });
    }
    for (const id of ids.slice(25)) {
      expect(rows.get(id)).toMatchObject({ stage: 'assign', leadDepartmentId: null });
    }
    // Each through its own assign step, taken by the office; the others' steps still open.
    const steps = new Map((await assignSteps(ids)).map((t) => [t.findingId, t]));
    expect(ids.map((id) => steps.get(id)?.status)).toEqual(
      ids.map((_, i) => (i < 25 ? 'done' : 'open')),
    );
    for (const id of ids.slice(0, 25))
      expect(steps.get(id)?.completedBy).toBe(api.userId('office'));
    const events = await stack.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ entityId: roundId, action: 'round.batch_assigned' });
    expect(events.map((e) => JSON.parse(e.data) as unknown)).toEqual([
      { assigned: 25, failed: 2, via: 'import' },
    ]);
    // dept2 finds the assigned ones in its inbox.
    const inbox = (await api.get('/inbox?kind=draft_measures&pageSize=500', 'dept2')).body;
    const inInbox = new Set(inbox.items.map((t: { findingId: string }) => t.findingId));
    expect(ids.filter((id) => inInbox.has(id))).toEqual(ids.slice(0, 25));
  });

  describe('the filled-in template', () => {
    let leader2Name: string;
    let d2Name: string;

    beforeAll(async () => {
      const users = (await api.get('/users?pageSize=500', 'office')).body.items as {
        username: string;
        displayName: string;
      }[];
      leader2Name = users.find((u) => u.username === 'leader2')!.displayName;
      const depts = (await api.get('/departments', 'office')).body.items as {
        code: string;
        name: string;
      }[];
      d2Name = depts.find((d) => d.code === 'D2')!.name;
    });

    /** The downloaded template with these rows (by heading) filled in. */
    const sheetWith = async (rows: Record<string, ExcelJS.CellValue>[]): Promise<Buffer> => {
      const res = await fetch(`${api.baseUrl}/api/import-template.xlsx`, {
        headers: { authorization: `Bearer ${await api.token('office')}` },
      });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      const sheet = wb.getWorksheet(IMPORT_SHEET)!;
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(headers).toEqual(IMPORT_FIELDS.map((f) => f.header));
      expect(headers).toEqual(
        expect.arrayContaining(['责任领导', '牵头部门', '配合部门', '整改时限']),
      );
      rows.forEach((row, i) => {
        for (const [header, value] of Object.entries(row))
          sheet.getRow(i + 2).getCell(headers.indexOf(header) + 1).value = value;
      });
      return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    };

    it('matches names, usernames and codes and assigns on import; a past due date is refused for its row only', async () => {
      const due = new Date(Date.now() + 45 * 86400_000);
      const dueDay = due.toISOString().slice(0, 10);
      const file = await sheetWith([
        {
          方面: '聚焦落实决策部署方面',
          问题类别: '推进不力',
          反馈问题: '按名称交办的问题',
          整改措施: '措施甲',
          责任领导: leader2Name,
          牵头部门: d2Name,
          配合部门: 'D1、D3',
          // An Excel date: the calendar day, as exceljs writes it.
          整改时限: new Date(`${dueDay}T00:00:00Z`),
        },
        {
          反馈问题: '按代码交办的问题',
          整改措施: '措施乙',
          责任领导: 'leader1',
          牵头部门: 'D1',
          整改时限: dueDay,
        },
        {
          反馈问题: '时限已过的问题',
          整改措施: '措施丙',
          责任领导: 'leader1',
          牵头部门: 'D1',
          整改时限: '2020-01-31',
        },
        { 反馈问题: '只填部门的问题', 整改措施: '措施丁', 牵头部门: 'D3' },
      ]);
      const roundId = await newRound('表格导入即交办');
      const dry = await importXlsx(roundId, file, '?dryRun=true');
      expect(dry.status).toBe(200);
      const previewed = dry.body.tree[0].themes[0].findings;
      expect(previewed.map((f: { assignment?: unknown }) => f.assignment)).toEqual([
        {
          responsibleLeaderId: api.userId('leader2'),
          leadDepartmentId: world.dept('D2'),
          coDepartmentIds: [world.dept('D1'), world.dept('D3')],
          dueAt: `${dueDay}T15:59:59.999Z`,
        },
        {
          responsibleLeaderId: api.userId('leader1'),
          leadDepartmentId: world.dept('D1'),
          dueAt: `${dueDay}T15:59:59.999Z`,
        },
        expect.objectContaining({ dueAt: '2020-01-31T15:59:59.999Z' }),
        { leadDepartmentId: world.dept('D3') },
      ]);

      const res = await importXlsx(roundId, file);
      expect(res.status).toBe(201);
      const ids = res.body.findingIds as string[];
      expect(res.body.assigned).toEqual(ids.slice(0, 2));
      expect(res.body.failed).toEqual([
        { findingId: ids[2], index: 2, message: expect.stringMatching(/dueAt/) },
      ]);
      const rows = new Map((await findingsOf(ids)).map((f) => [f.id, f]));
      expect(rows.get(ids[0])).toMatchObject({
        stage: 'draft_measures',
        responsibleLeaderId: api.userId('leader2'),
        leadDepartmentId: world.dept('D2'),
        coDepartmentIds: [world.dept('D1'), world.dept('D3')],
      });
      expect(rows.get(ids[1])).toMatchObject({
        stage: 'draft_measures',
        leadDepartmentId: world.dept('D1'),
      });
      expect(rows.get(ids[2])?.stage).toBe('assign');
      expect(rows.get(ids[3])?.stage).toBe('assign');
    });

    it('refuses names it cannot match per row and field, with a code, and writes nothing', async () => {
      const file = await sheetWith([
        {
          方面: '聚焦作风建设方面',
          问题类别: '作风不实',
          反馈问题: '问题一',
          整改措施: '措施一',
          责任领导: '查无此人',
          牵头部门: 'D1',
          整改时限: '2030-06-30',
        },
        {
          反馈问题: '问题二',
          整改措施: '措施二',
          责任领导: 'dept1',
          牵头部门: '不存在的科室',
          配合部门: 'D2、U2D1',
          整改时限: '2030-06-30',
        },
      ]);
      const roundId = await newRound('名称不符');
      for (const query of ['?dryRun=true', '']) {
        const res = await importXlsx(roundId, file, query);
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([
          {
            field: 'file.rows.2.responsibleLeader',
            code: 'unknown_leader',
            message: expect.stringMatching(/^第 2 行 E 列（责任领导）：.*查无此人/),
          },
          {
            field: 'file.rows.3.responsibleLeader',
            code: 'not_leader',
            message: expect.stringContaining('第 3 行 E 列'),
          },
          {
            field: 'file.rows.3.leadDepartment',
            code: 'unknown_department',
            message: expect.stringContaining('不存在的科室'),
          },
          // Another unit's department is as unknown here as a made-up one.
          {
            field: 'file.rows.3.coDepartments',
            code: 'unknown_department',
            message: expect.stringContaining('U2D1'),
          },
        ]);
      }
      expect(await stack.dataSource.getRepository(FindingEntity).countBy({ roundId })).toBe(0);
    });
  });
});
