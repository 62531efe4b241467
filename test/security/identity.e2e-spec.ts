import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { JWT_SECRET_FILE, PUBLISHED_JWT_SECRETS } from '@rectiflow/config';
import { AuditEventEntity, MeasureEntity, UserEntity } from '@rectiflow/persistence';
import type { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { World, inDays } from '../support/world';

/**
 * The server decides who acts (issue 12): a token only names a user and the generation of
 * their tokens; roles, department and the active flag are read from the database on every
 * request. Forged claims, users who do not exist, changed, deactivated or re-passworded users,
 * the published secret, a run of failed logins, and one person doing every step of a finding
 * alone are each refused.
 */

const LOCKOUT_ATTEMPTS = 3;
const jwt = new JwtService({});
const sign = (claims: object, secret: string) =>
  jwt.signAsync(claims, { secret, algorithm: 'HS256', expiresIn: '1h' });

describe('who acts is decided by the server', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await startStack({
      LOGIN_LOCKOUT_ATTEMPTS: String(LOCKOUT_ATTEMPTS),
      LOGIN_LOCKOUT_DURATION: '3s',
    });
    world = await World.create(stack);
    api = world.api;
  });

  afterAll(async () => {
    await stack?.close();
  });

  const withToken = (token: string, p: string, init: RequestInit = {}) =>
    fetch(`${stack.url}/api${p}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(init.headers as Record<string, string>),
      },
    });

  /** A new user of unit U1 (office makes them), signed in under their own password. */
  async function newUser(roles: string[], departmentId?: string): Promise<string> {
    const username = `id${randomUUID().slice(0, 8)}`;
    const created = await api.post('/users', 'office', {
      username,
      displayName: '身份测试',
      password: 'identity-password',
      roles,
      ...(departmentId ? { departmentId } : {}),
    });
    expect(created.status).toBe(201);
    expect((await api.signIn(username, 'identity-password')).status).toBe(200);
    return username;
  }

  it('keeps the generated secret under DATA_DIR, mode 0600, and refuses the published one', async () => {
    const file = path.join(stack.config.dataDir, JWT_SECRET_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(stack.config.jwtSecret);
    const office = api.userId('office');
    for (const secret of PUBLISHED_JWT_SECRETS) {
      // Both the old token shape (roles in it) and the new one, signed with the constant.
      for (const claims of [
        { sub: office, username: 'office', roles: ['office'], departmentId: null },
        { sub: office, gen: 0, jti: randomUUID() },
      ]) {
        const token = await sign(claims, secret);
        expect((await withToken(token, '/me')).status).toBe(401);
        expect((await withToken(token, '/audit')).status).toBe(401);
      }
    }
  });

  it('issues tokens that name the user, their token generation, an id and an issue time, and no roles', async () => {
    const a = await api.token('dept1');
    const b = (await api.signIn('dept1', 'demo')).body.accessToken as string;
    const claims = [a, b].map(
      (t) =>
        JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString()) as Record<string, unknown>,
    );
    for (const c of claims) {
      expect(Object.keys(c).sort()).toEqual(['exp', 'gen', 'iat', 'jti', 'sub']);
      expect(c.sub).toBe(api.userId('dept1'));
      expect(typeof c.iat).toBe('number');
    }
    expect(claims[0].jti).not.toBe(claims[1].jti);
  });

  it('ignores roles and department written into a validly signed token', async () => {
    const dept1 = api.userId('dept1');
    // Signed with the server's own secret: the claims say office of D2; the database says
    // dept1, staff of D1.
    const token = await sign(
      {
        sub: dept1,
        gen: 0,
        jti: randomUUID(),
        roles: ['office', 'committee'],
        departmentId: world.dept('D2'),
      },
      stack.config.jwtSecret,
    );
    const me = await withToken(token, '/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      roles: ['department'],
      departmentId: world.dept('D1'),
    });
    expect((await withToken(token, '/audit')).status).toBe(403);
    const d2Finding = await world.createFinding({ dept: 'D2' });
    expect((await withToken(token, `/findings/${d2Finding}`)).status).toBe(403);
    const draft = await world.mustTask(d2Finding, 'draft_measures');
    const complete = await withToken(token, `/tasks/${draft.id}/complete`, {
      method: 'POST',
      body: JSON.stringify({ measures: [{ text: '越权起草' }] }),
    });
    expect(complete.status).toBe(403);
    expect((await world.mustTask(d2Finding, 'draft_measures')).status).toBe('open');
    // Without its generation or id a token is not one of ours.
    const old = await sign({ sub: dept1, roles: ['department'] }, stack.config.jwtSecret);
    expect((await withToken(old, '/me')).status).toBe(401);
  });

  it('refuses a token for a user who does not exist, and audits no made-up actor', async () => {
    const ghost = randomUUID();
    const token = await sign({ sub: ghost, gen: 0, jti: randomUUID() }, stack.config.jwtSecret);
    expect((await withToken(token, '/me')).status).toBe(401);
    const rounds = await withToken(token, '/rounds', {
      method: 'POST',
      body: JSON.stringify({ title: '幽灵轮次', source: 'self' }),
    });
    expect(rounds.status).toBe(401);
    expect(await stack.dataSource.getRepository(AuditEventEntity).countBy({ actorId: ghost })).toBe(
      0,
    );
  });

  it('revokes a user’s tokens when the office changes their roles; they sign in to the new ones', async () => {
    const username = await newUser(['inspector']);
    const token = await api.token(username);
    expect((await api.get('/audit', username)).status).toBe(403);
    const patched = await api.request('PATCH', `/users/${api.userId(username)}`, {
      as: 'office',
      body: { roles: ['committee'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ roles: ['committee'], active: true });
    expect((await withToken(token, '/me')).status).toBe(401);
    api.forget(username);
    expect((await api.signIn(username, 'identity-password')).status).toBe(200);
    expect((await api.get('/audit', username)).status).toBe(200);
    const events = await stack.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ action: 'user.updated', entityId: api.userId(username) });
    expect(events.map((e) => e.actorId)).toEqual([api.userId('office')]);
  });

  it('acts with the roles the database holds now, even when changed behind the API’s back', async () => {
    const username = await newUser(['inspector']);
    expect((await api.get('/audit', username)).status).toBe(403);
    // An operator's direct change (no token revocation): seen within the cache's few seconds.
    await stack.dataSource
      .getRepository(UserEntity)
      .update({ id: api.userId(username) }, { roles: ['committee'] });
    await pollUntil(
      'the new role to be used',
      async () => (await api.get('/audit', username)).status === 200,
      10_000,
      200,
    );
    await stack.dataSource
      .getRepository(UserEntity)
      .update({ id: api.userId(username) }, { roles: ['inspector'] });
    await pollUntil(
      'the role to be taken back',
      async () => (await api.get('/audit', username)).status === 403,
      10_000,
      200,
    );
  });

  it('answers 401 to a deactivated user’s token and login, until reactivated', async () => {
    const username = await newUser(['inspector']);
    const token = await api.token(username);
    const off = await api.request('PATCH', `/users/${api.userId(username)}`, {
      as: 'office',
      body: { active: false },
    });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await withToken(token, '/me')).status).toBe(401);
    api.forget(username);
    expect((await api.signIn(username, 'identity-password')).status).toBe(401);
    // Another unit's office cannot touch U1's people at all.
    const other = await api.request('PATCH', `/users/${api.userId(username)}`, {
      as: 'u2office',
      body: { active: true },
    });
    expect(other.status).toBe(404);
    const on = await api.request('PATCH', `/users/${api.userId(username)}`, {
      as: 'office',
      body: { active: true },
    });
    expect(on.status).toBe(200);
    expect((await api.signIn(username, 'identity-password')).status).toBe(200);
    expect((await withToken(token, '/me')).status).toBe(401);
  });

  it('revokes earlier tokens when a user changes their password', async () => {
    const username = await newUser(['inspector']);
    const first = await api.token(username);
    const second = (await api.signIn(username, 'identity-password')).body.accessToken as string;
    const changed = await withToken(second, '/me/password', {
      method: 'POST',
      body: JSON.stringify({ currentPassword: 'identity-password', newPassword: 'new-password-2' }),
    });
    expect(changed.status).toBe(204);
    for (const token of [first, second]) expect((await withToken(token, '/me')).status).toBe(401);
    expect((await api.signIn(username, 'identity-password')).status).toBe(401);
    expect((await api.signIn(username, 'new-password-2')).status).toBe(200);
    expect((await api.get('/me', username)).status).toBe(200);
    const events = await stack.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ action: 'user.password_changed', entityId: api.userId(username) });
    expect(events.map((e) => e.actorId)).toEqual([api.userId(username)]);
  });

  it('locks an account after a run of failed logins, audited, with Retry-After; others are untouched', async () => {
    const username = await newUser(['inspector']);
    const login = (password: string, who = username) =>
      fetch(`${stack.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: who, password }),
      });
    for (let i = 1; i < LOCKOUT_ATTEMPTS; i++) expect((await login('wrong')).status).toBe(401);
    const locking = await login('wrong');
    expect(locking.status).toBe(429);
    expect(Number(locking.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locking.json()).toMatchObject({ code: 'account_locked' });
    // The right password is refused while locked, and is not even tried.
    const right = await login('identity-password');
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeLessThanOrEqual(3);
    // Another account signs in as usual meanwhile.
    expect((await login('demo', 'inspector')).status).toBe(200);
    const locked = await stack.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ action: 'auth.locked', entityId: api.userId(username) });
    expect(locked).toHaveLength(1);
    await pollUntil(
      'the lock to expire',
      async () => (await login('identity-password')).status === 200,
      10_000,
      250,
    );
    // A success ends the run: failures start counting from zero again.
    for (let i = 1; i < LOCKOUT_ATTEMPTS; i++) expect((await login('wrong')).status).toBe(401);
    expect((await login('identity-password')).status).toBe(200);
  });

  it('lets no one person do a finding’s work alone: each barred step is refused and not offered', async () => {
    const solo = await newUser(
      ['office', 'leader', 'department', 'department_head'],
      world.dept('D1'),
    );
    const create = async () => {
      const res = await api.post(`/rounds/${world.roundId}/findings`, solo, {
        title: `一人包办的问题${randomUUID().slice(0, 4)}`,
        measures: ['一是建章立制'],
        leadDepartmentId: world.dept('D1'),
        responsibleLeaderId: api.userId(solo),
        dueAt: inDays(30),
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    type Kind = Parameters<World['mustTask']>[1];
    const inbox = async () =>
      ((await api.get('/inbox?pageSize=500', solo)).body.items as { id: string }[]).map(
        (t) => t.id,
      );
    const refused = async (findingId: string, kind: Kind, body: object, rule: RegExp) => {
      const task = await world.mustTask(findingId, kind);
      expect(await inbox()).not.toContain(task.id);
      const claim = await api.post(`/tasks/${task.id}/claim`, solo);
      expect(claim.status).toBe(403);
      expect(claim.body.code).toBe('separation_of_duties');
      const res = await api.post(`/tasks/${task.id}/complete`, solo, body);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('separation_of_duties');
      expect(res.body.message).toMatch(rule);
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
      expect((await world.mustTask(findingId, kind)).status).toBe('open');
    };
    const done = async (findingId: string, kind: Kind, as: string, body: object) => {
      const task = await world.mustTask(findingId, kind);
      if (as === solo) expect(await inbox()).toContain(task.id);
      const res = await api.post(`/tasks/${task.id}/complete`, as, body);
      expect(res.status).toBe(200);
    };
    const evidence = async (findingId: string, as: string) => {
      const { cycle } = await world.finding(findingId);
      const current = await stack.dataSource
        .getRepository(MeasureEntity)
        .findBy({ findingId, cycle });
      return {
        report: '已完成整改',
        evidenceIds: [await world.upload(findingId, as)],
        measuresDone: current.map((m) => m.id),
      };
    };
    const approve = { decision: 'approve' };
    const measures = { measures: [{ text: '一是建章立制' }] };

    // A: solo drafts the measures, and may not approve them.
    const a = await create();
    await done(a, 'draft_measures', solo, measures);
    await refused(a, 'approve_measures', approve, /drafted the measures/);

    // B: dept1 drafts and solo approves (a leader's own step); solo submits the evidence and
    // may not review it; sent back and submitted by dept1, solo reviews level 1 and may then
    // not do level 2.
    const b = await create();
    await done(b, 'draft_measures', 'dept1', measures);
    await done(b, 'approve_measures', solo, approve);
    await done(b, 'submit_evidence', solo, await evidence(b, solo));
    await refused(b, 'review_1', approve, /submitted the evidence/);
    await done(b, 'review_1', 'dept1head', { decision: 'reject', comment: '请补充材料' });
    await done(b, 'submit_evidence', 'dept1', await evidence(b, 'dept1'));
    await done(b, 'review_1', solo, approve);
    await refused(b, 'review_2', approve, /two of the three review levels/);

    // C: the leader who approved the measures does review 2 (the design), and may then not do
    // review 3 as the office; the office's own account closes it.
    const c = await create();
    await done(c, 'draft_measures', 'dept1', measures);
    await done(c, 'approve_measures', solo, approve);
    await done(c, 'submit_evidence', 'dept1', await evidence(c, 'dept1'));
    await done(c, 'review_1', 'dept1head', approve);
    await done(c, 'review_2', solo, approve);
    await refused(c, 'review_3', approve, /two of the three review levels/);
    await done(c, 'review_3', 'office', approve);
    expect((await world.finding(c)).stage).toBe('closed');
  });
});
