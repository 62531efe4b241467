import { randomBytes } from 'node:crypto';
import { ApiClient } from '../support/api-client';
import { runEntryPoint } from '../support/entry-point';
import { startStack, type TestStack } from '../support/stack';
import { Slapd } from '../support/slapd';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * A new production deployment on an empty database (PostgreSQL when DATABASE_URL names one):
 * `npm run admin -- create-user` makes the first office account and prints a temporary
 * password; that person signs in, is made to change it, sets up departments, a leader with
 * their 分管 department and a clerk, and the clerk signs in to their department's inbox.
 */
describe('the first account of a production deployment', () => {
  let db: TestDatabase;
  let stack: TestStack;
  /** The bureau's directory, where one clerk's password lives. */
  let slapd: Slapd;
  const production = {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    TEMPORAL_PAYLOAD_KEY: randomBytes(32).toString('base64'),
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    slapd = await Slapd.start({ people: [{ uid: 'zfdir', password: '目录里的密码-2026' }] });
  });

  afterAll(async () => {
    await stack?.close();
    await slapd?.stop();
    await db?.drop();
  });

  async function admin(args: string[]): Promise<{ code: number | null; output: string }> {
    const run = runEntryPoint(
      'admin',
      { ...production, DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '' },
      args,
    );
    const code = await run.exited;
    return { code, output: run.output() };
  }

  const temporaryIn = (output: string) =>
    /temporary password[^:]*: (\S+)/.exec(output)?.[1] ?? null;

  it('is created by the admin command, which refuses a username that exists', async () => {
    const made = await admin([
      'create-user',
      '--username',
      'chief',
      '--display-name',
      '整改办主任',
      '--roles',
      'office',
      '--unit',
      'SJ',
      '--unit-name',
      '市司法局',
    ]);
    expect(made.output).toContain('created chief');
    expect(made.code).toBe(0);
    const again = await admin([
      'create-user',
      '--username',
      'Chief',
      '--roles',
      'office',
      '--unit',
      'SJ',
    ]);
    expect(again.code).toBe(2);
    expect(again.output).toContain('already exists');
    const bad = await admin(['create-user', '--username', 'x1', '--roles', 'root']);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('unknown roles: root');

    stack = await startStack(
      {
        ...production,
        SEED_DEMO: 'false',
        LDAP_URL: slapd.url,
        LDAP_BIND_DN: slapd.adminDn,
        LDAP_BIND_PASSWORD: slapd.adminPassword,
        LDAP_SEARCH_BASE: slapd.peopleBase,
      },
      { db },
    );
    const api = new ApiClient(stack.url);
    const first = await api.signIn('chief', temporaryIn(made.output)!);
    expect(first.status).toBe(200);
    expect(first.body.mustChangePassword).toBe(true);
    expect(first.body.user).toMatchObject({ roles: ['office'], displayName: '整改办主任' });
    const blocked = await api.get('/departments', 'chief');
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('password_change_required');
    // In production the demo's password (and its kin) is never accepted.
    const demoLike = await api.post('/me/password', 'chief', {
      currentPassword: temporaryIn(made.output),
      newPassword: 'demo-password',
    });
    expect(demoLike.body.errors?.[0]?.code).toBe('password_too_common');
    expect(
      (
        await api.post('/me/password', 'chief', {
          currentPassword: temporaryIn(made.output),
          newPassword: '司法局整改办-2026',
        })
      ).status,
    ).toBe(204);
    expect((await api.signIn('chief', '司法局整改办-2026')).body.mustChangePassword).toBe(false);

    // The audit log shows who made the account, and how.
    const audit = await api.get('/audit?pageSize=100', 'chief');
    const created = audit.body.items.find((e: { action: string }) => e.action === 'user.created');
    expect(created).toMatchObject({ actorId: null, data: { via: 'admin-command' } });

    // The office sets up its unit: a department, its leader (分管) and its clerk.
    const dept = await api.post('/departments', 'chief', { code: 'ZF', name: '执法监督处' });
    expect(dept.status).toBe(201);
    const leader = await api.post('/users', 'chief', {
      username: 'fgld',
      displayName: '分管副局长',
      roles: ['leader'],
    });
    expect(leader.body.temporaryPassword).toEqual(expect.any(String));
    const oversees = await api.request('PUT', `/users/${leader.body.id}/oversees`, {
      as: 'chief',
      body: { departmentIds: [dept.body.id] },
    });
    expect(oversees.body.oversees).toEqual([dept.body.id]);
    const proposed = await api.get(`/departments/${dept.body.id}/overseers`, 'chief');
    expect(proposed.body.items.map((u: { id: string }) => u.id)).toEqual([leader.body.id]);
    const clerk = await api.post('/users', 'chief', {
      username: 'zfclerk',
      displayName: '执法监督处内勤',
      roles: ['department'],
      departmentId: dept.body.id,
    });
    expect(clerk.status).toBe(201);

    // The clerk signs in, changes the password, and reaches the department's inbox.
    const login = await api.signIn('zfclerk', clerk.body.temporaryPassword);
    expect(login.body.mustChangePassword).toBe(true);
    expect((await api.get('/inbox', 'zfclerk')).status).toBe(403);
    expect(
      (
        await api.post('/me/password', 'zfclerk', {
          currentPassword: clerk.body.temporaryPassword,
          newPassword: '执法监督处-整改台账-2026',
        })
      ).status,
    ).toBe(204);
    await api.signIn('zfclerk', '执法监督处-整改台账-2026');
    const inbox = await api.get('/inbox', 'zfclerk');
    expect(inbox.status).toBe(200);
    expect(inbox.body.total).toBe(0);

    // A second clerk signs in with the directory's password: no local password to change.
    const dirClerk = await api.post('/users', 'chief', {
      username: 'zfdir',
      displayName: '执法监督处内勤（目录）',
      roles: ['department'],
      departmentId: dept.body.id,
      authSource: 'directory',
    });
    expect(dirClerk.body).toMatchObject({ authSource: 'directory', mustChangePassword: false });
    expect(dirClerk.body.temporaryPassword).toBeUndefined();
    expect((await api.signIn('zfdir', 'not-the-directory-password')).status).toBe(401);
    const viaDirectory = await api.signIn('zfdir', '目录里的密码-2026');
    expect(viaDirectory.status).toBe(200);
    expect(viaDirectory.body.mustChangePassword).toBe(false);
    expect((await api.get('/inbox', 'zfdir')).status).toBe(200);
  });
});
