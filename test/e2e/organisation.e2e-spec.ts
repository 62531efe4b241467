import { UserEntity } from '@rectiflow/persistence';
import { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * What the identity and organisation routes answer (API.md "Health and auth", "The demo
 * organisation", "Rounds and import"): the signed-in user, the demo organisation's users and
 * departments, the rounds, the login page's demo list; a user created by office signs in and
 * acts with the roles it was given, and no answer ever carries a password or its hash.
 */

/** API.md's demo table: username → roles and department code. */
const DEMO: Record<string, { roles: string[]; department: string | null }> = {
  office: { roles: ['office'], department: null },
  committee: { roles: ['committee'], department: null },
  leader1: { roles: ['leader'], department: null },
  leader2: { roles: ['leader'], department: null },
  supervisor: { roles: ['supervisor'], department: null },
  inspector: { roles: ['inspector'], department: null },
  dept1: { roles: ['department'], department: 'D1' },
  dept2: { roles: ['department'], department: 'D2' },
  dept3: { roles: ['department'], department: 'D3' },
  dept1head: { roles: ['department_head'], department: 'D1' },
  dept2head: { roles: ['department_head'], department: 'D2' },
  dept3head: { roles: ['department_head'], department: 'D3' },
};
/** API.md "Units and the inspecting side": unit U2's people and the inspecting side's. */
const OTHER_DEMO: Record<
  string,
  { roles: string[]; department: string | null; unit: string | null }
> = {
  u2office: { roles: ['office'], department: null, unit: 'U2' },
  u2leader: { roles: ['leader'], department: null, unit: 'U2' },
  u2dept1: { roles: ['department'], department: 'U2D1', unit: 'U2' },
  u2dept1head: { roles: ['department_head'], department: 'U2D1', unit: 'U2' },
  xcb: { roles: ['inspection_office'], department: null, unit: null },
  jwjd: { roles: ['supervisor'], department: null, unit: null },
};
/** The demo table's users, all of unit U1: what U1's people see of the organisation. */
const USERNAMES = Object.keys(DEMO).sort();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const USER_KEYS = [
  'active',
  'authSource',
  'departmentId',
  'displayName',
  'id',
  'lockedUntil',
  'mustChangePassword',
  'oversees',
  'roles',
  'unitId',
  'username',
];

/** Anything that looks like a password or a bcrypt hash, anywhere in an answer. */
function secretsIn(body: unknown, password?: string): string[] {
  const text = JSON.stringify(body);
  const found: string[] = [];
  if (/"password(Hash)?"\s*:/i.test(text)) found.push('a password field');
  if (/\$2[aby]\$\d\d\$/.test(text)) found.push('a bcrypt hash');
  if (password && text.includes(password)) found.push('the password itself');
  return found;
}

describe('identity and organisation routes', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  /** Department code → id, from GET /departments. */
  let departmentIds: Map<string, string>;

  beforeAll(async () => {
    stack = await startStack();
    world = await World.create(stack, undefined, {
      title: '县委第一巡察组反馈意见',
      source: 'inspection',
    });
    api = world.api;
    const departments = await api.get('/departments', 'dept2');
    departmentIds = new Map(
      departments.body.items.map((d: { code: string; id: string }) => [d.code, d.id]),
    );
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('GET /public/demo-users lists the demo organisation for the login page, without a token', async () => {
    const res = await fetch(`${stack.url}/api/public/demo-users`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      password: string;
      users: {
        username: string;
        displayName: string;
        roles: string[];
        departmentCode: string;
        unitCode: string | null;
      }[];
    };
    expect(body.password).toBe('demo');
    expect(
      Object.fromEntries(
        body.users.map((u) => [
          u.username,
          { roles: u.roles, department: u.departmentCode, unit: u.unitCode },
        ]),
      ),
    ).toEqual({
      ...Object.fromEntries(Object.entries(DEMO).map(([k, v]) => [k, { ...v, unit: 'U1' }])),
      ...OTHER_DEMO,
    });
    expect(body.users).toHaveLength(USERNAMES.length + Object.keys(OTHER_DEMO).length);
    for (const u of body.users) {
      expect(Object.keys(u).sort()).toEqual([
        'departmentCode',
        'displayName',
        'roles',
        'unitCode',
        'username',
      ]);
      expect(u.displayName.trim()).not.toBe('');
    }
    expect(secretsIn(body.users)).toEqual([]);
  });

  it('GET /departments lists D1, D2 and D3 with their ids, to any signed-in user, paged', async () => {
    const res = await api.get('/departments', 'inspector');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.items.map((d: { code: string }) => d.code)).toEqual(['D1', 'D2', 'D3']);
    for (const d of res.body.items) {
      expect(Object.keys(d).sort()).toEqual(['active', 'code', 'id', 'name', 'unitId']);
      expect(d.id).toMatch(UUID);
      expect(d.name.trim()).not.toBe('');
    }
    expect(new Set(res.body.items.map((d: { id: string }) => d.id)).size).toBe(3);
    const page1 = await api.get('/departments?page=1&pageSize=2', 'dept1');
    const page2 = await api.get('/departments?page=2&pageSize=2', 'dept1');
    expect([page1.body.total, page2.body.total]).toEqual([3, 3]);
    expect([...page1.body.items, ...page2.body.items]).toEqual(res.body.items);
  });

  it('GET /me answers the signed-in user as login did, for every demo user', async () => {
    for (const username of USERNAMES) {
      const login = await api.post('/auth/login', undefined, { username, password: 'demo' });
      expect(login.status).toBe(200);
      expect(Object.keys(login.body)).toEqual(expect.arrayContaining(['accessToken', 'user']));
      const me = await api.get('/me', username);
      expect(me.status).toBe(200);
      expect(me.body).toEqual(login.body.user);
      expect(Object.keys(me.body).sort()).toEqual(USER_KEYS);
      expect(me.body).toMatchObject({
        id: expect.stringMatching(UUID),
        username,
        roles: DEMO[username].roles,
        departmentId: DEMO[username].department
          ? departmentIds.get(DEMO[username].department!)
          : null,
      });
      expect(secretsIn(me.body, 'demo')).toEqual([]);
    }
    expect((await api.get('/me')).status).toBe(401);
  });

  it('GET /users lists every user with roles and department, to any signed-in user, and no secrets', async () => {
    const res = await api.get('/users?pageSize=500', 'dept3');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(USERNAMES.length);
    expect(res.body.items.map((u: { username: string }) => u.username)).toEqual(USERNAMES);
    const demoList = (await (await fetch(`${stack.url}/api/public/demo-users`)).json()) as {
      users: { username: string; displayName: string }[];
    };
    for (const u of res.body.items) {
      expect(Object.keys(u).sort()).toEqual(USER_KEYS);
      // The same person as /me shows to themselves and the login page lists.
      expect(u).toEqual((await api.get('/me', u.username)).body);
      expect(u.displayName).toBe(
        demoList.users.find((d) => d.username === u.username)?.displayName,
      );
    }
    expect(secretsIn(res.body, 'demo')).toEqual([]);
    const page = await api.get('/users?page=2&pageSize=5', 'dept3');
    expect(page.body.items.map((u: { username: string }) => u.username)).toEqual(
      USERNAMES.slice(5, 10),
    );
  });

  it('GET /rounds lists the rounds, newest first, as they were created', async () => {
    const created = await api.post('/rounds', 'office', {
      title: '2025年度内部审计',
      source: 'audit',
      inspectingBody: '县审计局',
      feedbackDate: '2025-06-30',
      dueAt: '2025-12-31T16:00:00.000Z',
    });
    expect(created.status).toBe(201);
    const res = await api.get('/rounds', 'leader2');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items.map((r: { id: string }) => r.id)).toEqual([
      created.body.id,
      world.roundId,
    ]);
    expect(res.body.items[0]).toEqual(created.body);
    expect(res.body.items[0]).toMatchObject({
      id: expect.stringMatching(UUID),
      title: '2025年度内部审计',
      source: 'audit',
      inspectingBody: '县审计局',
      feedbackDate: '2025-06-30',
      dueAt: '2025-12-31T16:00:00.000Z',
      createdBy: api.userId('office'),
    });
    expect(res.body.items[1]).toMatchObject({
      title: '县委第一巡察组反馈意见',
      source: 'inspection',
      inspectingBody: null,
      feedbackDate: null,
      dueAt: null,
    });
    // A department's staff sees the list too (only findings are confined to a department).
    expect((await api.get('/rounds', 'dept1')).body.total).toBe(2);
  });

  describe('a user created by office', () => {
    const password = 'correct-horse-battery-9';
    let created: any;

    it('POST /users answers the user, never its password or hash', async () => {
      const res = await api.post('/users', 'office', {
        username: 'dept2clerk',
        displayName: '政治处内勤',
        password,
        roles: ['department'],
        departmentId: departmentIds.get('D2'),
        email: 'dept2clerk@example.org',
      });
      expect(res.status).toBe(201);
      created = res.body;
      expect(Object.keys(created).sort()).toEqual(USER_KEYS);
      expect(created).toEqual({
        id: expect.stringMatching(UUID),
        username: 'dept2clerk',
        displayName: '政治处内勤',
        roles: ['department'],
        departmentId: departmentIds.get('D2'),
        // The office's own unit.
        unitId: (await api.get('/me', 'office')).body.unitId,
        active: true,
        // The office chose the password: nothing to change at first sign-in.
        mustChangePassword: false,
        authSource: 'local',
        lockedUntil: null,
        oversees: [],
      });
      expect(secretsIn(res.body, password)).toEqual([]);
      // Stored as a bcrypt hash, not as the password.
      const row = await stack.dataSource
        .getRepository(UserEntity)
        .findOneByOrFail({ id: created.id });
      expect(row.passwordHash).toMatch(/^\$2[aby]\$\d\d\$/);
      expect(row.passwordHash).not.toContain(password);
      // Listed with the others, without secrets either.
      const users = await api.get('/users?pageSize=500', 'office');
      expect(users.body.items).toContainEqual(created);
      expect(secretsIn(users.body, password)).toEqual([]);
    });

    it('refuses a second user of the same name and a department role without a department', async () => {
      const again = await api.post('/users', 'office', {
        username: 'dept2clerk',
        displayName: '重名',
        password,
        roles: ['inspector'],
      });
      expect(again.status).toBe(409);
      const noDept = await api.post('/users', 'office', {
        username: 'nodept',
        displayName: '无部门',
        password,
        roles: ['department'],
      });
      expect(noDept.status).toBe(400);
      expect(JSON.stringify(noDept.body.message)).toMatch(/departmentId/);
      expect(secretsIn([again.body, noDept.body], password)).toEqual([]);
    });

    it('signs in with its password and acts with its roles in its department', async () => {
      expect(
        (
          await api.post('/auth/login', undefined, {
            username: 'dept2clerk',
            password: 'not-the-password',
          })
        ).status,
      ).toBe(401);
      const login = await api.post('/auth/login', undefined, { username: 'dept2clerk', password });
      expect(login.status).toBe(200);
      expect(login.body.user).toEqual(created);
      expect(secretsIn(login.body, password)).toEqual([]);
      const clerk = new ApiClient(stack.url);
      const as = { authorization: `Bearer ${login.body.accessToken}` };
      const me = await fetch(`${stack.url}/api/me`, { headers: as });
      expect(me.status).toBe(200);
      expect(await me.json()).toEqual(created);

      // D2's staff: D2's draft is in its inbox and it may complete it; D1's finding stays closed.
      const d2Finding = await world.createFinding({ dept: 'D2', leader: 'leader2' });
      const d1Finding = await world.createFinding({ dept: 'D1' });
      const inbox = await clerk.request('GET', '/inbox?pageSize=500', { headers: as });
      expect(inbox.status).toBe(200);
      const draft = inbox.body.items.find((t: { findingId: string }) => t.findingId === d2Finding);
      expect(draft).toMatchObject({
        kind: 'draft_measures',
        departmentId: departmentIds.get('D2'),
      });
      expect(inbox.body.items.map((t: { findingId: string }) => t.findingId)).not.toContain(
        d1Finding,
      );
      expect((await clerk.request('GET', `/findings/${d1Finding}`, { headers: as })).status).toBe(
        403,
      );
      const done = await clerk.request('POST', `/tasks/${draft.id}/complete`, {
        headers: as,
        body: { measures: [{ text: '一是明确政治处内勤职责' }] },
      });
      expect(done.status).toBe(200);
      expect(done.body.finding.stage).toBe('approve_measures');
      // Office's work is not its work.
      expect(
        (
          await clerk.request('POST', '/rounds', {
            headers: as,
            body: { title: '越权轮次', source: 'self' },
          })
        ).status,
      ).toBe(403);
    });
  });
});

describe('the login page’s demo list where no demo is seeded', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ SEED_DEMO: 'false' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('answers 404 and advertises no account', async () => {
    const res = await fetch(`${stack.url}/api/public/demo-users`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('users');
    expect(body).not.toHaveProperty('password');
    expect(
      (
        await fetch(`${stack.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'office', password: 'demo' }),
        })
      ).status,
    ).toBe(401);
  });
});
