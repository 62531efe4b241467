import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * Saved inbox views (保存视图): a person's named filters kept on the server, found again in any
 * browser; theirs alone, names unique per person, at most 20, filters of a known shape only.
 */
describe('saved inbox views', () => {
  let stack: TestStack;
  let world: World;

  beforeAll(async () => {
    stack = await startStack();
    world = await World.create(stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('keeps a view for its owner only, and lets the owner alone delete it', async () => {
    const api = world.api;
    const filters = { kind: 'draft_measures', roundId: world.roundId, overdue: true, q: ' 台账 ' };
    const saved = await api.post('/me/inbox-views', 'dept1', { name: ' 本轮逾期 ', filters });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({
      name: '本轮逾期',
      filters: { kind: 'draft_measures', roundId: world.roundId, overdue: true, q: '台账' },
    });
    const mine = await api.get('/me/inbox-views', 'dept1');
    expect(mine.body.items).toEqual([saved.body]);
    // Another person (even of the same department) neither sees nor deletes it.
    expect((await api.get('/me/inbox-views', 'dept1head')).body.items).toEqual([]);
    const foreign = await api.request('DELETE', `/me/inbox-views/${saved.body.id}`, {
      as: 'dept1head',
    });
    expect(foreign.status).toBe(404);
    // The same name is free for somebody else.
    expect(
      (await api.post('/me/inbox-views', 'dept1head', { name: '本轮逾期', filters: {} })).status,
    ).toBe(201);

    const audit = await api.get(`/audit?entityId=${saved.body.id}&pageSize=10`, 'office');
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['inbox_view.saved']);

    const gone = await api.request('DELETE', `/me/inbox-views/${saved.body.id}`, { as: 'dept1' });
    expect(gone.status).toBe(204);
    expect((await api.get('/me/inbox-views', 'dept1')).body.items).toEqual([]);
    const again = await api.request('DELETE', `/me/inbox-views/${saved.body.id}`, { as: 'dept1' });
    expect(again.status).toBe(404);
    const after = await api.get(`/audit?entityId=${saved.body.id}&pageSize=10`, 'office');
    expect(after.body.items.map((e: { action: string }) => e.action).sort()).toEqual([
      'inbox_view.deleted',
      'inbox_view.saved',
    ]);
  });

  it('refuses a name in use, a missing name and filters of an unknown shape', async () => {
    const api = world.api;
    expect((await api.post('/me/inbox-views', 'dept2', { name: '我的', filters: {} })).status).toBe(
      201,
    );
    const twice = await api.post('/me/inbox-views', 'dept2', { name: '我的', filters: {} });
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0]).toMatchObject({ field: 'name', code: 'view_name_taken' });

    const cases: Array<[unknown, string]> = [
      [{ name: '   ', filters: {} }, 'name'],
      [{ name: 'x'.repeat(41), filters: {} }, 'name'],
      [{ name: '甲', filters: { kind: 'no_such_step' } }, 'filters.kind'],
      [{ name: '乙', filters: { roundId: 'not-a-uuid' } }, 'filters.roundId'],
      [{ name: '丙', filters: { sort: 'title' } }, 'filters.sort'],
      [{ name: '丁', filters: { overdue: 'yes' } }, 'filters.overdue'],
      [{ name: '戊', filters: { secret: 1 } }, 'filters.secret'],
      [{ name: '己', filters: { q: 'x'.repeat(101) } }, 'filters.q'],
      [{ name: '庚' }, 'filters'],
    ];
    for (const [body, field] of cases) {
      const res = await api.post('/me/inbox-views', 'dept2', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await api.get('/me/inbox-views', 'dept2')).body.items).toHaveLength(1);
  });

  it('keeps at most 20 views per person', async () => {
    const api = world.api;
    for (let i = 0; i < 20; i++) {
      const res = await api.post('/me/inbox-views', 'dept2head', { name: `视图${i}`, filters: {} });
      expect(res.status).toBe(201);
    }
    const over = await api.post('/me/inbox-views', 'dept2head', { name: '第二十一', filters: {} });
    expect(over.status).toBe(400);
    expect(over.body.errors[0]).toMatchObject({ field: 'name', code: 'too_many_views' });
    expect((await api.get('/me/inbox-views', 'dept2head')).body.items).toHaveLength(20);
  });
});
