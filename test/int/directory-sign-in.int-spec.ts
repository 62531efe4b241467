import { AuditEventEntity, UserEntity } from '@rectiflow/persistence';
import { startApiServer, testConfig, type ApiServer } from '../support/api-server';
import { Slapd } from '../support/slapd';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Directory sign-in against a real OpenLDAP server (slapd, started here on a free port): a
 * user whose authSource is `directory` signs in with the directory's password, found by
 * username (LDAP_USERNAME_ATTRIBUTE=uid) or by e-mail (LDAP_MATCH_ATTRIBUTE=mail); wrong
 * passwords count towards the lockout like local ones; while the directory is down or hung
 * its users get 503 directory_unavailable and local users sign in as before.
 */
describe('directory sign-in (LDAP)', () => {
  let slapd: Slapd;
  const apis: { api: ApiServer; db: TestDatabase }[] = [];

  const startApi = async (env: Record<string, string>) => {
    const db = await createTestDatabase();
    const api = await startApiServer(
      testConfig(db, {
        env: {
          LDAP_URL: slapd.url,
          LDAP_BIND_DN: slapd.adminDn,
          LDAP_BIND_PASSWORD: slapd.adminPassword,
          LDAP_SEARCH_BASE: slapd.peopleBase,
          LDAP_TIMEOUT: '2s',
          LOGIN_LOCKOUT_ATTEMPTS: '3',
          ...env,
        },
      }),
    );
    apis.push({ api, db });
    return api;
  };

  const login = async (api: ApiServer, username: string, password: string) => {
    const res = await fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  const toDirectory = (api: ApiServer, username: string, email: string | null = null) =>
    api.dataSource
      .getRepository(UserEntity)
      .update({ username }, { authSource: 'directory', email });

  const lastAudit = async (api: ApiServer, action: string) => {
    const e = await api.dataSource
      .getRepository(AuditEventEntity)
      .findOne({ where: { action }, order: { seq: 'DESC' } });
    return e && { ...e, data: JSON.parse(e.data) };
  };

  beforeAll(async () => {
    slapd = await Slapd.start({
      people: [
        { uid: 'dept1', password: 'dir-pass-dept1', mail: 'dept1@example.org' },
        { uid: 'dept3', password: 'dir-pass-dept3' },
        // Found by mail only: the uid is not the rectiflow username.
        { uid: 'zhang.wei', password: 'dir-pass-zw', mail: 'zhang.wei@example.org' },
      ],
    });
  });

  afterAll(async () => {
    for (const { api, db } of apis) {
      await api.app.close();
      await db.drop();
    }
    await slapd?.close();
  });

  describe('by username (uid)', () => {
    let api: ApiServer;
    beforeAll(async () => {
      api = await startApi({});
      await toDirectory(api, 'dept1');
      await toDirectory(api, 'dept3');
    });

    it('signs a directory user in with the directory password, not the local one', async () => {
      const ok = await login(api, 'dept1', 'dir-pass-dept1');
      expect(ok.status).toBe(200);
      expect(ok.body.user).toMatchObject({ username: 'dept1', authSource: 'directory' });
      const me = await fetch(`${api.url}/api/me`, {
        headers: { authorization: `Bearer ${ok.body.accessToken}` },
      });
      expect(me.status).toBe(200);
      expect(await lastAudit(api, 'auth.login')).toMatchObject({ data: { via: 'directory' } });
      // The local (demo) password no longer opens a directory account.
      expect((await login(api, 'dept1', 'demo')).status).toBe(401);
      // Nor does an empty password (an LDAP "unauthenticated bind" would succeed).
      expect((await login(api, 'dept1', '')).status).toBe(400);
    });

    it('answers a wrong directory password 401 like a local one, and counts it for the lockout', async () => {
      const local = await login(api, 'dept2', 'wrong-password');
      const wrong = await login(api, 'dept3', 'wrong-password');
      expect(wrong.status).toBe(401);
      expect(wrong.body.message).toBe(local.body.message);
      expect(await lastAudit(api, 'auth.login_failed')).toMatchObject({
        entityId: 'dept3',
        data: { via: 'directory' },
      });
      const dept3 = await api.dataSource.getRepository(UserEntity).findOneByOrFail({
        username: 'dept3',
      });
      expect(dept3.failedLogins).toBe(1);
      expect((await login(api, 'dept3', 'wrong-again')).status).toBe(401);
      // The third in a row locks it (LOGIN_LOCKOUT_ATTEMPTS=3), even with the right password next.
      expect((await login(api, 'dept3', 'wrong-third')).status).toBe(429);
      expect((await login(api, 'dept3', 'dir-pass-dept3')).status).toBe(429);
    });

    it('refuses a deactivated directory user as before', async () => {
      await api.dataSource
        .getRepository(UserEntity)
        .update({ username: 'dept1' }, { active: false });
      try {
        expect((await login(api, 'dept1', 'dir-pass-dept1')).status).toBe(401);
      } finally {
        await api.dataSource
          .getRepository(UserEntity)
          .update({ username: 'dept1' }, { active: true });
      }
    });

    it('leaves local users alone', async () => {
      const res = await login(api, 'dept2', 'demo');
      expect(res.status).toBe(200);
      expect(await lastAudit(api, 'auth.login')).toMatchObject({ data: {} });
    });

    it('answers 503 directory_unavailable while the directory is down or hung; local users still sign in', async () => {
      const failures = async () =>
        (await api.dataSource.getRepository(UserEntity).findOneByOrFail({ username: 'dept1' }))
          .failedLogins;
      const before = await failures();
      await slapd.stop();
      try {
        const down = await login(api, 'dept1', 'dir-pass-dept1');
        expect(down.status).toBe(503);
        expect(down.body.code).toBe('directory_unavailable');
        expect(down.body.message).toContain(`127.0.0.1:${slapd.port}`);
        expect((await login(api, 'dept2', 'demo')).status).toBe(200);
        // A directory outage is nobody's wrong password.
        expect(await failures()).toBe(before);
      } finally {
        await slapd.restart();
      }
      expect((await login(api, 'dept1', 'dir-pass-dept1')).status).toBe(200);

      slapd.freeze();
      try {
        const started = Date.now();
        const hung = await login(api, 'dept1', 'dir-pass-dept1');
        expect(hung.status).toBe(503);
        expect(hung.body.code).toBe('directory_unavailable');
        // LDAP_TIMEOUT=2s: the answer comes after about that, not after the client gives up.
        expect(Date.now() - started).toBeLessThan(10_000);
        expect((await login(api, 'dept2', 'demo')).status).toBe(200);
      } finally {
        slapd.thaw();
      }
      expect((await login(api, 'dept1', 'dir-pass-dept1')).status).toBe(200);
    });
  });

  describe('by e-mail (LDAP_MATCH_ATTRIBUTE=mail)', () => {
    let api: ApiServer;
    beforeAll(async () => {
      api = await startApi({ LDAP_MATCH_ATTRIBUTE: 'mail' });
      // dept2's e-mail in rectiflow is zhang.wei's in the directory.
      await toDirectory(api, 'dept2', 'zhang.wei@example.org');
      // dept3 has no e-mail: nothing to match on.
      await toDirectory(api, 'dept3', null);
      // Filter syntax in the value matches itself only (escaped), not zhang.wei's entry.
      await toDirectory(api, 'office', 'zhang*');
    });

    it('finds the entry by the user’s e-mail', async () => {
      const ok = await login(api, 'dept2', 'dir-pass-zw');
      expect(ok.status).toBe(200);
      expect(ok.body.user.username).toBe('dept2');
      expect((await login(api, 'dept2', 'dir-pass-dept1')).status).toBe(401);
      expect((await login(api, 'dept3', 'dir-pass-dept3')).status).toBe(401);
      expect((await login(api, 'office', 'dir-pass-zw')).status).toBe(401);
    });
  });
});
