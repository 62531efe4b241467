import JSZip from 'jszip';
import { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';

/**
 * Many units under one inspecting office (上下联动), over HTTP on the demo organisation: the
 * inspecting office (xcb) runs a batch over units U1 and U2; each unit sees only itself; the
 * inspecting side sees both; the batch summary's figures are the findings' own.
 */
describe('units under one inspecting office', () => {
  let stack: TestStack;
  let api: ApiClient;
  let units: Record<string, string>;
  let batchId: string;
  /** Per unit: its round, its findings (in order) and one of its open tasks and evidence. */
  const world: Record<
    'U1' | 'U2',
    { roundId: string; findingIds: string[]; taskId: string; evidenceId: string }
  > = {} as never;
  const later = () => new Date(Date.now() + 60 * 86_400_000).toISOString();

  beforeAll(async () => {
    stack = await startStack();
    api = new ApiClient(stack.url);
    await api.loadDemo();
    for (const u of ['u2office', 'u2leader', 'u2dept1', 'u2dept1head', 'xcb', 'jwjd'])
      await api.token(u);
    units = Object.fromEntries(
      (await api.get('/units', 'xcb')).body.items.map((u: { code: string; id: string }) => [
        u.code,
        u.id,
      ]),
    );

    const batch = await api.post('/batches', 'xcb', {
      title: '十二届区委第二轮巡察',
      unitIds: [units.U1, units.U2],
    });
    expect(batch.status).toBe(201);
    batchId = batch.body.id;

    const feedback = (lead: string, leader: string, n: number) => ({
      areas: [
        {
          title: '聚焦落实全面从严治党方面',
          themes: [
            {
              title: '主体责任落实不到位',
              findings: Array.from({ length: n }, (_, i) => ({
                title: `问题${i + 1}：学习贯彻不深入`,
                measures: ['一是加强学习'],
                leadDepartmentCode: lead,
                responsibleLeaderUsername: leader,
                dueAt: later(),
              })),
            },
          ],
        },
      ],
    });
    for (const [code, lead, leader, n] of [
      ['U1', 'D1', 'leader1', 4],
      ['U2', 'U2D1', 'u2leader', 3],
    ] as const) {
      const round = await api.post('/rounds', 'xcb', {
        title: `${code}的巡察反馈`,
        source: 'inspection',
        unitId: units[code],
        batchId,
      });
      expect(round.status).toBe(201);
      expect(round.body).toMatchObject({ unitId: units[code], batchId });
      const imported = await api.post(
        `/rounds/${round.body.id}/import`,
        'xcb',
        feedback(lead, leader, n),
      );
      expect(imported.status).toBe(201);
      const handed = await api.post(`/rounds/${round.body.id}/hand-over`, 'xcb');
      expect(handed.status).toBe(200);
      expect(handed.body.handedOverAt).toEqual(expect.any(String));
      const dept = code === 'U1' ? 'dept1' : 'u2dept1';
      const draft = await pollUntil('the first draft task', () =>
        api.taskFor(dept, imported.body.findingIds[0], 'draft_measures'),
      );
      const file = await api.upload(imported.body.findingIds[0], dept, '台账.txt', '台账');
      expect(file.status).toBe(201);
      world[code] = {
        roundId: round.body.id,
        findingIds: imported.body.findingIds,
        taskId: draft.id,
        evidenceId: file.body.id,
      };
    }
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('tells each unit’s office that its list was handed over', async () => {
    for (const [user, code] of [
      ['office', 'U1'],
      ['u2office', 'U2'],
    ] as const) {
      const notices = (await api.get('/notifications', user)).body.items;
      expect(notices).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            title: '巡察反馈问题清单已交付',
            body: expect.stringContaining(`${code}的巡察反馈`),
          }),
        ]),
      );
    }
  });

  it('files every finding, task and evidence file under its round’s unit', async () => {
    for (const code of ['U1', 'U2'] as const) {
      const detail = (await api.get(`/findings/${world[code].findingIds[0]}`, 'xcb')).body;
      expect(detail.unitId).toBe(units[code]);
      expect(detail.openTasks.map((t: { unitId: string }) => t.unitId)).toEqual([units[code]]);
      const rows = await stack.dataSource.query(
        `SELECT "unitId" FROM evidence WHERE id = '${world[code].evidenceId}'`,
      );
      expect(rows).toEqual([{ unitId: units[code] }]);
    }
  });

  /**
   * Every endpoint, called by each of a unit's people with the other unit's ids: never the
   * other unit's data — a 403 or 404, or a list without it.
   */
  describe.each([
    [
      'U1',
      'U2',
      ['office', 'committee', 'leader1', 'supervisor', 'inspector', 'dept1', 'dept1head'],
    ],
    ['U2', 'U1', ['u2office', 'u2leader', 'u2dept1', 'u2dept1head']],
  ] as const)('a user of %s against %s', (own, other, users) => {
    it.each(users)('%s gets 403/404 on every id of the other unit', async (user) => {
      const o = world[other];
      const refused = [
        ['GET', `/findings/${o.findingIds[0]}`],
        ['GET', `/rounds/${o.roundId}`],
        ['GET', `/rounds/${o.roundId}/ledger.xlsx`],
        ['GET', `/rounds/${o.roundId}/report?format=md`],
        ['POST', `/rounds/${o.roundId}/import?dryRun=true`],
        ['POST', `/rounds/${o.roundId}/findings`],
        ['POST', `/rounds/${o.roundId}/hand-over`],
        ['GET', `/units/${units[other]}`],
        ['PATCH', `/units/${units[other]}`],
        ['POST', `/tasks/${o.taskId}/claim`],
        ['POST', `/tasks/${o.taskId}/release`],
        ['POST', `/tasks/${o.taskId}/complete`],
        ['POST', `/findings/${o.findingIds[0]}/evidence`],
        ['GET', `/evidence/${o.evidenceId}`],
        ['GET', `/batches/${batchId}/summary.docx`],
        ['POST', `/batches/${batchId}/evaluations`],
      ] as const;
      for (const [method, path] of refused) {
        const body =
          method === 'POST' && path.endsWith('/complete')
            ? { measures: [{ text: '一是…' }] }
            : method === 'POST' && path.endsWith('/findings')
              ? { title: '越权添加的问题' }
              : method === 'PATCH'
                ? { name: '改名' }
                : method === 'POST' && path.includes('/import')
                  ? { areas: [] }
                  : undefined;
        const res = path.endsWith('/evidence')
          ? await api.upload(o.findingIds[0], user, '越权.txt', '越权上传')
          : await api.request(method, path, { as: user, body });
        expect({
          method,
          path,
          status: res.status,
          refused: [403, 404].includes(res.status),
        }).toEqual({
          status: res.status,
          method,
          path,
          refused: true,
        });
        // No data of the other unit in the answer (an id the caller sent may be echoed).
        const text = JSON.stringify(res.body ?? '');
        if (!path.includes(units[other])) expect(text).not.toContain(units[other]);
        expect(text).not.toContain('学习贯彻不深入');
        expect(text).not.toContain(`${other}的巡察反馈`);
      }
    });

    it.each(users)('%s lists only its own unit, whatever unitId it asks for', async (user) => {
      for (const path of [
        '/findings?pageSize=500',
        `/findings?pageSize=500&unitId=${units[other]}`,
        `/findings?pageSize=500&roundId=${world[other].roundId}`,
        '/rounds',
        `/rounds?unitId=${units[other]}`,
        '/departments',
        `/departments?unitId=${units[other]}`,
        '/users',
        `/users?unitId=${units[other]}`,
        '/inbox?pageSize=500',
        `/inbox?pageSize=500&unitId=${units[other]}`,
        '/units',
        '/batches',
      ]) {
        const res = await api.get(path, user);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        for (const item of res.body.items) {
          const unitOf = item.unitId ?? (path.startsWith('/units') ? item.id : units[own]);
          if (path.startsWith('/batches')) expect(item.unitIds).toContain(units[own]);
          else expect({ path, unitOf }).toEqual({ path, unitOf: units[own] });
        }
      }
      const dashboard = await api.get(`/dashboard?unitId=${units[other]}`, user);
      expect(dashboard.status).toBe(200);
      const mine = (await api.get('/findings?pageSize=500', user)).body.total;
      expect(dashboard.body.total).toBe(mine);
      // Not even another unit's department names appear in the figures.
      const ownDepartments = (await api.get('/departments', user)).body.items.map(
        (d: { id: string }) => d.id,
      );
      for (const d of dashboard.body.byDepartment) expect(ownDepartments).toContain(d.departmentId);
      const summary = await api.get(`/batches/${batchId}/summary`, user);
      expect(summary.status).toBe(200);
      expect(summary.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([units[own]]);
    });
  });

  it('keeps a unit’s audit events from the other unit', async () => {
    const mine = await api.get(`/audit?entityId=${world.U2.findingIds[0]}`, 'office');
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(0);
    const theirs = await api.get(`/audit?entityId=${world.U2.findingIds[0]}`, 'u2office');
    expect(theirs.body.total).toBeGreaterThan(0);
    const inspecting = await api.get(`/audit?entityId=${world.U2.findingIds[0]}`, 'xcb');
    expect(inspecting.body.total).toBe(theirs.body.total);
  });

  it('lets the inspecting side see both units and narrow to one, and take no unit’s task', async () => {
    for (const user of ['xcb', 'jwjd']) {
      const all = (await api.get('/findings?pageSize=500', user)).body;
      expect(all.total).toBe(7);
      const u2 = (await api.get(`/findings?pageSize=500&unitId=${units.U2}`, user)).body;
      expect(u2.items.map((f: { id: string }) => f.id).sort()).toEqual(
        [...world.U2.findingIds].sort(),
      );
      const dashboard = (await api.get(`/dashboard?unitId=${units.U2}`, user)).body;
      expect(dashboard.total).toBe(world.U2.findingIds.length);
      const u2Departments = (await api.get(`/departments?unitId=${units.U2}`, user)).body.items;
      expect(
        dashboard.byDepartment.map((d: { departmentId: string }) => d.departmentId).sort(),
      ).toEqual(u2Departments.map((d: { id: string }) => d.id).sort());
      expect((await api.get('/inbox', user)).body.total).toBe(0);
      const claim = await api.post(`/tasks/${world.U1.taskId}/claim`, user);
      expect(claim.status).toBe(403);
    }
  });

  it('sums the batch as its findings stand, per unit and in total', async () => {
    // U1: one finding to closure, one under review (基本完成); U2 untouched.
    const [closing, reviewing] = world.U1.findingIds;
    for (const id of [closing, reviewing]) {
      const step = async (user: string, kind: string, body: unknown) => {
        const task = await pollUntil(`${kind} of ${id}`, () => api.taskFor(user, id, kind));
        const res = await api.post(`/tasks/${task.id}/complete`, user, body);
        expect(res.status).toBe(200);
        return res.body.finding;
      };
      await step('dept1', 'draft_measures', { measures: [{ text: '一是整改' }] });
      const approved = await step('leader1', 'approve_measures', { decision: 'approve' });
      const file = await api.upload(id, 'dept1', '报告.txt', '已整改');
      await step('dept1', 'submit_evidence', {
        report: '已整改',
        evidenceIds: [file.body.id],
        measuresDone: approved.measures.map((m: { id: string }) => m.id),
      });
      if (id === closing) {
        await step('dept1head', 'review_1', { decision: 'approve' });
        await step('leader1', 'review_2', { decision: 'approve' });
        await step('office', 'review_3', { decision: 'approve' });
      }
    }
    const summary = (await api.get(`/batches/${batchId}/summary`, 'xcb')).body;
    // The same figures, counted from the findings lists.
    for (const code of ['U1', 'U2'] as const) {
      const findings = (await api.get(`/findings?pageSize=500&unitId=${units[code]}`, 'xcb')).body
        .items as { stage: string; overdue: boolean; escalationLevel: number }[];
      const completed = findings.filter((f) => f.stage === 'closed').length;
      const inProgress = findings.filter((f) =>
        ['long_term', 'review_1', 'review_2', 'review_3'].includes(f.stage),
      ).length;
      expect(summary.units.find((u: { code: string }) => u.code === code)).toMatchObject({
        unitId: units[code],
        findings: findings.length,
        completed,
        inProgress,
        notCompleted: findings.length - completed - inProgress,
        completionRate: completed / findings.length,
        overdue: findings.filter((f) => f.overdue).length,
      });
    }
    expect(summary.total).toMatchObject({
      findings: 7,
      completed: 1,
      inProgress: 1,
      notCompleted: 5,
      completionRate: 1 / 7,
    });
  });

  it('writes the summary as a document in the genre', async () => {
    const res = await fetch(`${stack.url}/api/batches/${batchId}/summary.docx`, {
      headers: { authorization: `Bearer ${await api.token('xcb')}` },
    });
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('关于十二届区委第二轮巡察整改情况的汇总报告');
    expect(text).toMatch(
      /截至\d{4}年\d{1,2}月\d{1,2}日，十二届区委第二轮巡察反馈的7个问题，完成整改1个，基本完成1个，未完成5个，总体完成率14\.29%。/,
    );
    expect(text).toContain('区公安分局');
    expect(text).toContain('区市场监督管理局');
  });

  it('records an evaluation with a file, shown in the summary and to that unit only', async () => {
    const form = new FormData();
    form.append('unitId', units.U1);
    form.append('rating', '较好');
    form.append('note', '整改成效总体较好，制度建设有待加强。');
    form.append('files', new Blob(['评估意见']), '评估意见.txt');
    const res = await api.request('POST', `/batches/${batchId}/evaluations`, {
      as: 'xcb',
      raw: form,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ unitId: units.U1, rating: '较好' });
    expect(res.body.files).toHaveLength(1);
    const bad = new FormData();
    bad.append('unitId', units.U1);
    bad.append('rating', '优秀得很');
    bad.append('note', '');
    expect(
      (await api.request('POST', `/batches/${batchId}/evaluations`, { as: 'xcb', raw: bad }))
        .status,
    ).toBe(400);

    const summary = (await api.get(`/batches/${batchId}/summary`, 'xcb')).body;
    expect(summary.units.find((u: { code: string }) => u.code === 'U1').evaluation).toMatchObject({
      rating: '较好',
    });
    expect((await api.get(`/batches/${batchId}/evaluations`, 'u2office')).body).toEqual([]);
    const file = res.body.files[0];
    const download = await api.get(
      `/batches/${batchId}/evaluations/${res.body.id}/files/${file.sha256}`,
      'office',
    );
    expect(download.status).toBe(200);
    const hidden = await api.get(
      `/batches/${batchId}/evaluations/${res.body.id}/files/${file.sha256}`,
      'u2office',
    );
    expect(hidden.status).toBe(404);
  });

  it('runs a unit’s new findings on its own durations and level-3 actor', async () => {
    const patched = await api.request('PATCH', `/units/${units.U2}`, {
      as: 'xcb',
      body: { settings: { timing: { STEP_DUE: '3d' }, review3By: 'office' } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.settings).toEqual({ timing: { STEP_DUE: '3d' }, review3By: 'office' });
    const created = await api.post(`/rounds/${world.U2.roundId}/findings`, 'u2office', {
      title: '设置之后的问题',
    });
    expect(created.status).toBe(201);
    const assign = created.body.openTasks[0];
    expect(Date.parse(assign.dueAt) - Date.parse(assign.createdAt)).toBe(3 * 86_400_000);
    // Walked to level 3, its acceptance is the office's alone.
    const id = created.body.id;
    const step = async (user: string, kind: string, body: unknown) => {
      const task = await pollUntil(`${kind}`, () => api.taskFor(user, id, kind));
      const res = await api.post(`/tasks/${task.id}/complete`, user, body);
      expect(res.status).toBe(200);
      return res.body.finding;
    };
    await step('u2office', 'assign', {
      responsibleLeaderId: api.userId('u2leader'),
      leadDepartmentId: (await api.get('/departments', 'u2office')).body.items[0].id,
      dueAt: later(),
    });
    await step('u2dept1', 'draft_measures', { measures: [{ text: '一是整改' }] });
    const approved = await step('u2leader', 'approve_measures', { decision: 'approve' });
    const file = await api.upload(id, 'u2dept1', '报告.txt', '已整改');
    await step('u2dept1', 'submit_evidence', {
      report: '已整改',
      evidenceIds: [file.body.id],
      measuresDone: approved.measures.map((m: { id: string }) => m.id),
    });
    await step('u2dept1head', 'review_1', { decision: 'approve' });
    const atThree = await step('u2leader', 'review_2', { decision: 'approve' });
    expect(atThree.openTasks).toEqual([
      expect.objectContaining({ kind: 'review_3', roles: ['office'] }),
    ]);
  });

  it('refuses a unit’s office roles of the inspecting side, and units to anyone but 巡察办', async () => {
    const user = await api.post('/users', 'office', {
      username: 'u1xcb',
      displayName: '越权',
      password: 'long-enough-1',
      roles: ['inspection_office'],
    });
    expect(user.status).toBe(400);
    expect((await api.post('/units', 'office', { name: '新单位', code: 'U9' })).status).toBe(403);
    const created = await api.post('/units', 'xcb', { name: '区教育局', code: 'U3' });
    expect(created.status).toBe(201);
    const dept = await api.post('/departments', 'xcb', {
      unitId: created.body.id,
      code: 'D1',
      name: '办公室',
    });
    expect(dept.status).toBe(201);
    expect(dept.body.unitId).toBe(created.body.id);
  });
});
