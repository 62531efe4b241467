import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * A finding's discussion (API.md "Daily work"): whoever sees the finding reads and writes it,
 * an @mention reaches its person as a notice (in both languages, from a code), the thread is in
 * the audit log, and a notice flood is cleared with one "mark all read".
 */
describe('discussion on a finding', () => {
  let stack: TestStack;
  let world: World;
  let findingId: string;

  beforeAll(async () => {
    stack = await startStack();
    world = await World.create(stack);
    findingId = await world.createFinding({ dept: 'D1' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('takes a comment from the department and shows it to the office, oldest first', async () => {
    const api = world.api;
    const first = await api.post(`/findings/${findingId}/comments`, 'dept1', {
      text: '请问本问题是否与 D2 联合整改？\n附：去年台账',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      findingId,
      authorId: api.userId('dept1'),
      authorName: '办公室经办人',
      text: '请问本问题是否与 D2 联合整改？\n附：去年台账',
      mentionUserIds: [],
    });
    await api.post(`/findings/${findingId}/comments`, 'office', { text: '由 D1 牵头，D2 配合。' });
    const thread = await api.get(`/findings/${findingId}/comments`, 'office');
    expect(thread.body.total).toBe(2);
    expect(thread.body.items.map((c: { text: string }) => c.text)).toEqual([
      '请问本问题是否与 D2 联合整改？\n附：去年台账',
      '由 D1 牵头，D2 配合。',
    ]);
  });

  it('notifies the people it @mentions, and no one else', async () => {
    const api = world.api;
    const before = (await api.get('/notifications?unread=true', 'leader2')).body.unread;
    const res = await api.post(`/findings/${findingId}/comments`, 'office', {
      text: '请 leader2 同志关注进度。',
      mentionUserIds: [api.userId('leader2')],
    });
    expect(res.status).toBe(201);
    const notices = await api.get('/notifications?unread=true', 'leader2');
    expect(notices.body.unread).toBe(before + 1);
    expect(notices.body.items[0]).toMatchObject({
      kind: 'mention',
      code: 'mentioned',
      findingId,
      params: { author: expect.any(String), excerpt: '请 leader2 同志关注进度。' },
    });
    expect(notices.body.items[0].title).toContain('提到了您');
    const audit = await api.get(`/audit?entityId=${findingId}&pageSize=100`, 'office');
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('comment.added');
  });

  it('refuses what does not fit: an empty text, another unit’s person, another department', async () => {
    const api = world.api;
    const empty = await api.post(`/findings/${findingId}/comments`, 'office', { text: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('text');
    const foreign = await api.post(`/findings/${findingId}/comments`, 'office', {
      text: '提醒',
      mentionUserIds: [(await api.get('/me', 'u2office')).body.id],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0]).toMatchObject({ field: 'mentionUserIds', code: 'unknown_user' });
    expect((await api.get(`/findings/${findingId}/comments`, 'dept2')).status).toBe(403);
    expect((await api.get(`/findings/${findingId}/comments`, 'u2office')).status).toBe(404);
  });

  it('marks every unread notice read at once', async () => {
    const api = world.api;
    expect((await api.get('/notifications?unread=true', 'leader2')).body.unread).toBeGreaterThan(0);
    const all = await api.post('/notifications/read-all', 'leader2');
    expect(all.status).toBe(200);
    expect(all.body.updated).toBeGreaterThan(0);
    expect((await api.get('/notifications?unread=true', 'leader2')).body.unread).toBe(0);
    expect((await api.post('/notifications/read-all', 'leader2')).body.updated).toBe(0);
  });
});
