import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * Evidence per measure (issue #15): an upload names the measure it proves; the uploading
 * department withdraws (撤回) a file until a submission cites it, never after; the withdrawal
 * is audited and the file's row is kept (marked), so the upload's audit event stays true.
 */
describe('evidence per measure', () => {
  let stack: TestStack;
  let world: World;
  let findingId: string;
  let otherFindingId: string;
  let measureIds: string[];

  beforeAll(async () => {
    stack = await startStack();
    world = await World.create(stack);
    findingId = await world.createFinding({ dept: 'D1' });
    otherFindingId = await world.createFinding({ dept: 'D1' });
    await world.advance(findingId, 'evidence');
    await world.advance(otherFindingId, 'evidence');
    const detail = await world.api.get(`/findings/${findingId}`, 'dept1');
    measureIds = detail.body.measures.map((m: { id: string }) => m.id);
    expect(measureIds).toHaveLength(2);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const evidenceOf = async (id: string) =>
    (await world.api.get(`/findings/${id}`, 'dept1')).body.evidence as {
      id: string;
      measureId: string | null;
      submitted: boolean;
    }[];

  it('takes an upload naming one of the finding’s measures, and refuses another finding’s', async () => {
    const api = world.api;
    const res = await api.upload(
      findingId,
      'dept1',
      '台账.txt',
      '整改台账\n',
      'ledger',
      measureIds[0],
    );
    expect(res.status).toBe(201);
    expect(res.body.measureId).toBe(measureIds[0]);
    expect(await evidenceOf(findingId)).toEqual([
      expect.objectContaining({ id: res.body.id, measureId: measureIds[0], submitted: false }),
    ]);

    const foreignMeasure = (await api.get(`/findings/${otherFindingId}`, 'dept1')).body.measures[0]
      .id;
    const foreign = await api.upload(
      findingId,
      'dept1',
      '台账.txt',
      'x\n',
      'ledger',
      foreignMeasure,
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0]).toMatchObject({ field: 'measureId', code: 'unknown_measure' });
  });

  it('lets the department withdraw a file before submission: gone, not citable, audited', async () => {
    const api = world.api;
    const id = (
      await api.upload(findingId, 'dept1', '草稿.txt', '草稿\n', 'material', measureIds[1])
    ).body.id;
    // Another department does not see the finding; the office sees it but did not upload.
    expect((await api.request('DELETE', `/evidence/${id}`, { as: 'dept2' })).status).toBe(403);
    expect((await api.request('DELETE', `/evidence/${id}`, { as: 'office' })).status).toBe(403);
    expect((await api.request('DELETE', `/evidence/${id}`, { as: 'u2office' })).status).toBe(404);
    // The department's head withdraws what the department's staff uploaded.
    expect((await api.request('DELETE', `/evidence/${id}`, { as: 'dept1head' })).status).toBe(204);
    expect((await evidenceOf(findingId)).map((e) => e.id)).not.toContain(id);
    expect((await api.request('DELETE', `/evidence/${id}`, { as: 'dept1' })).status).toBe(404);

    const task = await world.mustTask(findingId, 'submit_evidence');
    const cite = await api.post(`/tasks/${task.id}/complete`, 'dept1', {
      report: '已完成整改',
      evidenceIds: [id],
      measuresDone: measureIds,
    });
    expect(cite.status).toBe(400);
    expect(JSON.stringify(cite.body)).toContain('evidenceIds');

    const audit = await api.get(`/audit?entityId=${id}&pageSize=100`, 'office');
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['evidence.uploaded', 'evidence.withdrawn']));
    const withdrawn = audit.body.items.find(
      (e: { action: string }) => e.action === 'evidence.withdrawn',
    );
    expect(withdrawn).toMatchObject({ actorId: api.userId('dept1head'), entityId: id });
    // The row is kept, marked: the upload's audit event still names a file that exists.
    const row = await stack.dataSource.query(
      `SELECT "withdrawnAt", "withdrawnBy" FROM "evidence" WHERE "id" = '${id}'`,
    );
    expect(row[0].withdrawnBy).toBe(api.userId('dept1head'));
    expect(row[0].withdrawnAt).toEqual(expect.any(String));
  });

  it('refuses to withdraw a file once a submission cited it (409)', async () => {
    const api = world.api;
    const [cited] = await evidenceOf(findingId);
    const spare = (await api.upload(findingId, 'dept1', '备用.txt', '备用\n', 'material')).body.id;
    const task = await world.mustTask(findingId, 'submit_evidence');
    const done = await api.post(`/tasks/${task.id}/complete`, 'dept1', {
      report: '已完成整改',
      evidenceIds: [cited.id],
      measuresDone: measureIds,
    });
    expect(done.status).toBe(200);
    const refused = await api.request('DELETE', `/evidence/${cited.id}`, { as: 'dept1' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('evidence_submitted');
    const after = await evidenceOf(findingId);
    expect(after.find((e) => e.id === cited.id)).toMatchObject({ submitted: true });
    // A file the submission did not cite stays the department's to take back.
    expect(after.find((e) => e.id === spare)).toMatchObject({ submitted: false });
    expect((await api.request('DELETE', `/evidence/${spare}`, { as: 'dept1' })).status).toBe(204);
  });
});
