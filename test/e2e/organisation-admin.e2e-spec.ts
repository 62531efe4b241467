import { TaskEntity } from '@rectiflow/persistence';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * Running the organisation (API.md "Identity and organisation"): people created with a
 * temporary password who must change it before anything else, passwords reset and lockouts
 * ended by the office, people and departments deactivated (a department only once it leads no
 * open finding), leaders' 分管 departments proposing the leader for an assignment, and the
 * office handing a claimed task back to the pool.
 */
describe('running the organisation', () => {
  let stack: TestStack;
  let world: World;

  beforeAll(async () => {
    stack = await startStack({
      LOGIN_LOCKOUT_ATTEMPTS: '3',
      ORG_TIMEZONE: 'Asia/Urumqi',
      PASSWORD_MIN_LENGTH: '12',
    });
    world = await World.create(stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const api = () => world.api;

  it('tells the web app the organisation’s time zone and password length before sign-in', async () => {
    const settings = await api().get('/public/settings');
    expect(settings.body).toEqual({ orgTimeZone: 'Asia/Urumqi', passwordMinLength: 12 });
  });

  describe('a person with a temporary password', () => {
    let userId: string;
    let temporary: string;

    it('is created with a password shown once, and must change it before anything else', async () => {
      const created = await api().post('/users', 'office', {
        username: 'newclerk',
        displayName: '新内勤',
        roles: ['department'],
        departmentId: world.dept('D2'),
      });
      expect(created.status).toBe(201);
      expect(created.body.mustChangePassword).toBe(true);
      temporary = created.body.temporaryPassword;
      expect(temporary).toMatch(/^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$/);
      userId = created.body.id;
      // Shown once: nowhere to be read again.
      const again = await api().get(`/users/${userId}`, 'office');
      expect(JSON.stringify(again.body)).not.toContain(temporary);

      const login = await api().signIn('newclerk', temporary);
      expect(login.status).toBe(200);
      expect(login.body.mustChangePassword).toBe(true);
      const inbox = await api().get('/inbox', 'newclerk');
      expect(inbox.status).toBe(403);
      expect(inbox.body.code).toBe('password_change_required');
      expect((await api().get('/me', 'newclerk')).status).toBe(200);
    });

    it('changes it to one the policy accepts; the temporary token stops, the new one works', async () => {
      const weak = await api().post('/me/password', 'newclerk', {
        currentPassword: temporary,
        newPassword: 'short',
      });
      expect(weak.status).toBe(400);
      expect(weak.body.errors).toEqual([
        expect.objectContaining({ field: 'newPassword', code: 'password_too_short' }),
      ]);
      const named = await api().post('/me/password', 'newclerk', {
        currentPassword: temporary,
        newPassword: 'newclerk-2026',
      });
      expect(named.body.errors?.[0]?.code).toBe('password_is_username');
      const changed = await api().post('/me/password', 'newclerk', {
        currentPassword: temporary,
        newPassword: '整改台账-2026年第二季度',
      });
      expect(changed.status).toBe(204);
      expect((await api().get('/me', 'newclerk')).status).toBe(401);
      const login = await api().signIn('newclerk', '整改台账-2026年第二季度');
      expect(login.body.mustChangePassword).toBe(false);
      expect((await api().get('/inbox', 'newclerk')).status).toBe(200);
    });

    it('gets a new temporary password from the office: the old one and its tokens stop', async () => {
      const reset = await api().post(`/users/${userId}/reset-password`, 'office');
      expect(reset.status).toBe(200);
      expect((await api().get('/me', 'newclerk')).status).toBe(401);
      expect((await api().signIn('newclerk', '整改台账-2026年第二季度')).status).toBe(401);
      const login = await api().signIn('newclerk', reset.body.temporaryPassword);
      expect(login.body.mustChangePassword).toBe(true);
    });

    it('moved to the directory, no longer has a local password to change', async () => {
      const made = await api().post('/users', 'office', {
        username: 'tomove',
        displayName: '转目录',
        roles: ['committee'],
      });
      expect(made.body.mustChangePassword).toBe(true);
      const moved = await api().request('PATCH', `/users/${made.body.id}`, {
        as: 'office',
        body: { authSource: 'directory' },
      });
      expect(moved.body).toMatchObject({ authSource: 'directory', mustChangePassword: false });
    });

    it('is unlocked by the office after too many failed sign-ins', async () => {
      const password = 'long-enough-pw-1';
      const made = await api().post('/users', 'office', {
        username: 'forgetful',
        displayName: '健忘',
        password,
        roles: ['committee'],
      });
      expect(made.body.mustChangePassword).toBe(false);
      for (let i = 0; i < 3; i += 1) await api().signIn('forgetful', 'wrong-password');
      expect((await api().signIn('forgetful', password)).status).toBe(429);
      const locked = await api().get(`/users/${made.body.id}`, 'office');
      expect(locked.body.lockedUntil).toEqual(expect.any(String));
      const unlocked = await api().post(`/users/${made.body.id}/unlock`, 'office');
      expect(unlocked.body.lockedUntil).toBeNull();
      expect((await api().signIn('forgetful', password)).status).toBe(200);
    });

    it('is deactivated: their open session stops at the next request', async () => {
      const made = await api().post('/users', 'office', {
        username: 'leaving',
        displayName: '调离人员',
        password: 'long-enough-pw-2',
        roles: ['committee'],
      });
      expect((await api().signIn('leaving', 'long-enough-pw-2')).status).toBe(200);
      expect((await api().get('/rounds', 'leaving')).status).toBe(200);
      const off = await api().request('PATCH', `/users/${made.body.id}`, {
        as: 'office',
        body: { active: false },
      });
      expect(off.body.active).toBe(false);
      expect((await api().get('/rounds', 'leaving')).status).toBe(401);
      expect((await api().signIn('leaving', 'long-enough-pw-2')).status).toBe(401);
      await api().request('PATCH', `/users/${made.body.id}`, {
        as: 'office',
        body: { active: true },
      });
      expect((await api().signIn('leaving', 'long-enough-pw-2')).status).toBe(200);
    });

    it('is searched for by name or username, role and department', async () => {
      const byName = await api().get(`/users?q=${encodeURIComponent('新内勤')}`, 'office');
      expect(byName.body.items.map((u: { username: string }) => u.username)).toEqual(['newclerk']);
      const clerksOfD2 = await api().get(
        `/users?role=department&departmentId=${world.dept('D2')}`,
        'office',
      );
      expect(clerksOfD2.body.items.map((u: { username: string }) => u.username).sort()).toEqual([
        'dept2',
        'newclerk',
      ]);
      const inactive = await api().get('/users?active=false', 'office');
      expect(inactive.body.total).toBe(0);
    });
  });

  describe('departments', () => {
    it('are renamed and recoded, audited with what changed', async () => {
      const made = await api().post('/departments', 'office', { code: 'T1', name: '临时部门' });
      const changed = await api().request('PATCH', `/departments/${made.body.id}`, {
        as: 'office',
        body: { code: 'T2', name: '临时工作专班' },
      });
      expect(changed.body).toMatchObject({ code: 'T2', name: '临时工作专班', active: true });
      const audit = await api().get(`/audit?entityId=${made.body.id}`, 'office');
      expect(audit.body.items[0]).toMatchObject({
        action: 'department.updated',
        data: {
          changed: {
            code: { from: 'T1', to: 'T2' },
            name: { from: '临时部门', to: '临时工作专班' },
          },
        },
      });
      const found = await api().get(`/departments?q=${encodeURIComponent('专班')}`, 'office');
      expect(found.body.items.map((d: { code: string }) => d.code)).toEqual(['T2']);
    });

    it('are not deactivated while they lead open findings, and say how many', async () => {
      const made = await api().post('/departments', 'office', { code: 'T3', name: '牵头部门' });
      world.api.departments.set('T3', made.body.id);
      await world.createFinding({ dept: 'T3' as never });
      await world.createFinding({ dept: 'T3' as never });
      const refused = await api().request('PATCH', `/departments/${made.body.id}`, {
        as: 'office',
        body: { active: false },
      });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'department_has_open_findings', openFindings: 2 });
      expect(refused.body.message).toContain('2');
    });

    it('once deactivated, take no new findings and leave the active list', async () => {
      const made = await api().post('/departments', 'office', { code: 'T4', name: '撤销部门' });
      const off = await api().request('PATCH', `/departments/${made.body.id}`, {
        as: 'office',
        body: { active: false },
      });
      expect(off.body.active).toBe(false);
      const active = await api().get('/departments?active=true&pageSize=500', 'office');
      expect(active.body.items.map((d: { id: string }) => d.id)).not.toContain(made.body.id);
      const findingId = await world.createFinding();
      const assign = await world.mustTask(findingId, 'assign');
      const refused = await api().post(`/tasks/${assign.id}/complete`, 'office', {
        responsibleLeaderId: api().userId('leader1'),
        leadDepartmentId: made.body.id,
        dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].field).toBe('leadDepartmentId');
    });
  });

  describe('分管: the departments a leader oversees', () => {
    it('are set as a whole list and shown with the leader', async () => {
      const leader1 = api().userId('leader1');
      const set = await api().request('PUT', `/users/${leader1}/oversees`, {
        as: 'office',
        body: { departmentIds: [world.dept('D1'), world.dept('D2')] },
      });
      expect(set.status).toBe(200);
      expect(set.body.oversees.sort()).toEqual([world.dept('D1'), world.dept('D2')].sort());
      expect((await api().get(`/users/${leader1}`, 'office')).body.oversees).toHaveLength(2);
      const overseers = await api().get(`/departments/${world.dept('D2')}/overseers`, 'office');
      expect(overseers.body.items.map((u: { username: string }) => u.username)).toEqual([
        'leader1',
      ]);
    });

    it('are departments of the leader’s own unit, and only leaders have them', async () => {
      const u2 = await api().get('/departments', 'u2office');
      const foreign = await api().request('PUT', `/users/${api().userId('leader2')}/oversees`, {
        as: 'office',
        body: { departmentIds: [u2.body.items[0].id] },
      });
      expect(foreign.status).toBe(400);
      expect(foreign.body.errors[0]).toMatchObject({
        field: 'departmentIds',
        code: 'unknown_department',
      });
      const notLeader = await api().request('PUT', `/users/${api().userId('dept1')}/oversees`, {
        as: 'office',
        body: { departmentIds: [world.dept('D1')] },
      });
      expect(notLeader.body.errors[0].code).toBe('not_a_leader');
    });
  });

  it('lets the office hand a claimed task back to the pool, naming whose it was', async () => {
    const findingId = await world.createFinding({ dept: 'D1' });
    const task = await world.mustTask(findingId, 'draft_measures');
    expect((await api().post(`/tasks/${task.id}/claim`, 'dept1')).status).toBe(200);
    // A colleague may not take it from them; the office may hand it back.
    expect((await api().post(`/tasks/${task.id}/release`, 'dept1head')).status).toBe(403);
    const back = await api().post(`/tasks/${task.id}/release`, 'office');
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'open', assigneeId: null });
    const row = await stack.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: task.id });
    expect(row.status).toBe('open');
    const audit = await api().get(`/audit?entityId=${findingId}&pageSize=100`, 'office');
    const released = audit.body.items.find((e: { action: string }) => e.action === 'task.released');
    expect(released).toMatchObject({
      actorId: api().userId('office'),
      data: { releasedFor: api().userId('dept1') },
    });
  });
});
