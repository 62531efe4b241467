import { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';

/**
 * GET /api/audit's filters (API.md "Audit"): by actor, by action prefix (`user.` matches
 * user.created; `_` is no wildcard), and by time — an ISO-8601 instant, or a day (YYYY-MM-DD)
 * taken whole in ORG_TIMEZONE, `to` inclusive of its end. Bad times answer 400.
 */
describe('GET /api/audit filters', () => {
  let stack: TestStack;
  let api: ApiClient;
  const zone = 'Asia/Shanghai';
  /** The organisation's calendar day of an instant, plus `days`. */
  const dayOf = (ms: number, days = 0) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(ms + days * 86_400_000));

  interface Event {
    seq: number;
    at: string;
    actorId: string | null;
    action: string;
  }
  const list = async (q: string, as = 'office') => {
    const res = await api.get(`/audit?pageSize=500&${q}`, as);
    expect(res.status).toBe(200);
    return res.body as { items: Event[]; total: number };
  };

  beforeAll(async () => {
    stack = await startStack({ ORG_TIMEZONE: zone });
    api = new ApiClient(stack.url);
    await api.token('office');
    await api.token('dept1');
    await api.token('dept2');
    expect(
      (await api.post('/auth/login', undefined, { username: 'dept1', password: 'wrong-guess' }))
        .status,
    ).toBe(401);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('narrows to one actor', async () => {
    const dept1 = api.userId('dept1');
    const mine = await list(`actorId=${dept1}`);
    expect(mine.items.length).toBeGreaterThan(0);
    expect(new Set(mine.items.map((e) => e.actorId))).toEqual(new Set([dept1]));
    const all = await list('');
    expect(all.items.some((e) => e.actorId === api.userId('dept2'))).toBe(true);
  });

  it('matches the action by prefix, literally', async () => {
    const auth = await list('action=auth.');
    const actions = new Set(auth.items.map((e) => e.action));
    expect(actions).toEqual(new Set(['auth.login', 'auth.login_failed']));
    const failed = await list('action=auth.login_failed');
    expect(failed.items.map((e) => e.action)).toEqual(['auth.login_failed']);
    // `_` would be any one character to LIKE: here it is itself.
    expect((await list('action=auth.log_n')).total).toBe(0);
    expect((await list('action=nothing.')).total).toBe(0);
  });

  it('narrows by time: instants, and whole days in the organisation’s zone', async () => {
    const all = await list('');
    expect(all.total).toBeGreaterThan(2);
    const newest = all.items[0];
    const oldest = all.items[all.items.length - 1];
    const now = Date.parse(newest.at);
    // An instant `to` includes an event at that very instant; `from` after the newest finds none.
    const upToNewest = await list(`to=${encodeURIComponent(newest.at)}`);
    expect(upToNewest.items.map((e) => e.seq)).toContain(newest.seq);
    const later = new Date(now + 1).toISOString();
    expect((await list(`from=${encodeURIComponent(later)}`)).total).toBe(0);
    const between = await list(
      `from=${encodeURIComponent(oldest.at)}&to=${encodeURIComponent(oldest.at)}`,
    );
    expect(between.items.map((e) => e.seq)).toContain(oldest.seq);
    expect(between.total).toBeLessThan(all.total + 1);

    // Days: today (in Asia/Shanghai) holds them all, `to` being the whole day; yesterday and
    // tomorrow none.
    const today = dayOf(now);
    const oldestDay = dayOf(Date.parse(oldest.at));
    const whole = await list(`from=${oldestDay}&to=${today}`);
    expect(whole.total).toBe(all.total);
    expect((await list(`to=${dayOf(Date.parse(oldest.at), -1)}`)).total).toBe(0);
    expect((await list(`from=${dayOf(now, 1)}`)).total).toBe(0);
  });

  it('combines the filters and refuses times that are none', async () => {
    const dept1 = api.userId('dept1');
    const today = dayOf(Date.now());
    const both = await list(`actorId=${dept1}&action=auth.login&from=${today}&to=${today}`);
    expect(both.items.length).toBeGreaterThan(0);
    expect(both.items.every((e) => e.actorId === dept1 && e.action.startsWith('auth.login'))).toBe(
      true,
    );
    for (const q of ['from=yesterday', 'to=2026-02-30', 'from=2026-13-01', 'actorId=dept1']) {
      const res = await api.get(`/audit?${q}`, 'office');
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.field).toBe(q.split('=')[0]);
    }
  });
});
