import { IsNull, Not } from 'typeorm';
import {
  AuditEventEntity,
  EscalationEntity,
  NotificationEntity,
  TaskEntity,
} from '@rectiflow/persistence';
import type { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * Lights, reminders and the escalation ladder over HTTP with second-scale durations on the
 * real Temporal dev server: a draft step due 5 s after it opens turns yellow at 3 s, red at
 * 5 s, escalates at 7 s, 9 s and 11 s. Three findings run side by side to cover what the
 * supervisor can do (extend; urge, accountability and completing the late step; reassign).
 */
const S = 1000;
const WARN_BEFORE = 2 * S;
const STEP_DUE = 5 * S;
const ESCALATE_AFTER = 2 * S;
const ESCALATION_INTERVAL = 2 * S;
/**
 * How long after its due time an escalation may arrive before the test calls it stuck: wide
 * enough for a loaded 2-core machine (it is well under a second on an idle one; afterAll prints
 * each), since the exact schedule is the finding machine's unit tests' to check. Every "never
 * early" bound below is exact.
 */
const PROMPT = 10 * S;

type Light = 'green' | 'yellow' | 'red';
const LIGHTS: Light[] = ['green', 'yellow', 'red'];
/** API.md "Time": red once past due, yellow from WARN_BEFORE before it, green before that. */
const lightAt = (at: number, due: number): Light =>
  at > due ? 'red' : at >= due - WARN_BEFORE ? 'yellow' : 'green';

/**
 * Reads something that shows the light of a step due at `due`, and checks that light against
 * the configured boundaries: it is the light at the moment the read was sent, or a later one if
 * a boundary passed while it ran. The check holds at any speed, so it always runs.
 */
async function readLight<T extends { light: string; overdue: boolean }>(
  due: number,
  read: () => Promise<T>,
): Promise<T> {
  const sent = Date.now();
  const shown = await read();
  const answered = Date.now();
  const allowed = LIGHTS.slice(
    LIGHTS.indexOf(lightAt(sent, due)),
    LIGHTS.indexOf(lightAt(answered, due)) + 1,
  );
  expect(allowed).toContain(shown.light);
  expect(shown.overdue).toBe(shown.light === 'red');
  return shown;
}

interface Timing {
  finding: string;
  level: number;
  lateByMs: number;
}

describe('time: lights, reminders and the escalation ladder', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  let roundId: string;
  const observed: Timing[] = [];

  beforeAll(async () => {
    stack = await startStack({
      WARN_BEFORE: '2s',
      STEP_DUE: '5s',
      ESCALATE_AFTER: '2s',
      ESCALATION_INTERVAL: '2s',
      STAGE_REPORT_EVERY: '1h',
      LOOK_BACK_AFTER: '1h',
    });
    world = await World.create(stack, undefined, { title: '督办测试轮次' });
    api = world.api;
    roundId = world.roundId;
  });

  afterAll(async () => {
    if (observed.length > 0)
      console.log(
        `escalation lateness (dueAt → record/event):\n${observed.map((o) => `  ${o.finding} level ${o.level}: ${o.lateByMs} ms after due`).join('\n')}`,
      );
    await stack?.close();
  });

  const createFinding = (title: string) =>
    world.createFindingAnswer({
      title,
      dept: 'D1',
      leader: 'leader1',
      dueAt: new Date(Date.now() + 600 * S).toISOString(),
      measures: [],
    });
  const draftDue = async (findingId: string) =>
    Date.parse((await api.taskFor('dept1', findingId, 'draft_measures')).dueAt);

  const detail = async (findingId: string) =>
    (await api.get(`/findings/${findingId}`, 'office')).body;
  const summary = async (findingId: string) =>
    (await api.get(`/findings?roundId=${roundId}&pageSize=500`, 'office')).body.items.find(
      (f: any) => f.id === findingId,
    );
  const notices = async (user: string, findingId: string) =>
    (await api.get('/notifications?pageSize=500', user)).body.items.filter(
      (n: any) => n.findingId === findingId,
    );
  const escalationTask = (findingId: string) => api.taskFor('supervisor', findingId, 'escalation');
  /** When each level was raised: the finding's `finding.escalated` history lines. */
  const levelTimes = async (findingId: string) => {
    const history: { action: string; at: string; detail: { level: number; taskId: string } }[] = (
      await detail(findingId)
    ).history;
    return history
      .filter((h) => h.action === 'finding.escalated')
      .map((h) => ({ level: h.detail.level, at: Date.parse(h.at), taskId: h.detail.taskId }));
  };
  const waitForLevel = (findingId: string, level: number) =>
    pollUntil(
      `${findingId} escalation level ${level}`,
      async () => (await levelTimes(findingId)).find((l) => l.level === level),
      30 * S,
    );
  const record = (findingId: string, name: string, level: number, dueAt: string, at: number) => {
    observed.push({ finding: name, level, lateByMs: at - Date.parse(dueAt) });
  };

  it('runs the lights, reminders, ladder and supervisor actions on time, once each', async () => {
    // ---- Green: every API answer derives the light from dueAt and now. F1 is read at once,
    // before F2 and F3 are created, well inside its green window.
    const f1 = await createFinding('学习制度不落实');
    expect(f1).toMatchObject({
      stage: 'draft_measures',
      light: 'green',
      overdue: false,
      escalationLevel: 0,
    });
    const draft1 = await api.taskFor('dept1', f1.id, 'draft_measures');
    expect(draft1).toMatchObject({ light: 'green', overdue: false });
    expect(Date.parse(draft1.dueAt) - Date.parse(draft1.createdAt)).toBe(STEP_DUE);
    const due1 = Date.parse(draft1.dueAt);
    expect(await api.taskFor('supervisor', f1.id, 'escalation')).toBeUndefined();
    await readLight(due1, () => summary(f1.id));
    expect(
      (await api.get('/inbox?overdue=true&pageSize=500', 'dept1')).body.items.filter(
        (t: any) => t.findingId === f1.id,
      ),
    ).toEqual([]);

    const [f2, f3] = [await createFinding('台账记录不规范'), await createFinding('经费管理不严格')];
    const dueOf: Record<string, number> = {
      [f1.id]: due1,
      [f2.id]: await draftDue(f2.id),
      [f3.id]: await draftDue(f3.id),
    };
    /** Escalation tasks of the three raised before ESCALATE_AFTER past their step's due time. */
    const escalatedEarly = (tasks: { findingId: string | null; createdAt: string }[]) =>
      tasks.filter(
        (t) =>
          t.findingId !== null &&
          t.findingId in dueOf &&
          Date.parse(t.createdAt) < dueOf[t.findingId] + ESCALATE_AFTER,
      );

    // ---- Yellow within WARN_BEFORE of due, with a reminder to the holders and the leader.
    const yellow = await pollUntil('the draft turns yellow', async () => {
      const t = await api.taskFor('dept1', f1.id, 'draft_measures');
      return t.light === 'yellow' ? t : undefined;
    });
    const yellowSeenAt = Date.now();
    expect(yellowSeenAt).toBeGreaterThanOrEqual(Date.parse(draft1.dueAt) - WARN_BEFORE);
    expect(yellow.overdue).toBe(false);
    // Yellow in the list and the detail too (or red, if the due time passed in between).
    await readLight(due1, () => summary(f1.id));
    const openTask = await readLight(due1, async () => (await detail(f1.id)).openTasks[0]);
    expect(openTask.kind).toBe('draft_measures');
    expect(
      escalatedEarly(
        await stack.dataSource.getRepository(TaskEntity).findBy({ kind: 'escalation' }),
      ),
    ).toEqual([]);
    for (const user of ['dept1', 'leader1']) {
      const reminder = await pollUntil(`${user}'s reminder`, async () =>
        (await notices(user, f1.id)).find(
          (n: any) => n.kind === 'reminder' && n.taskId === draft1.id,
        ),
      );
      expect(reminder).toMatchObject({ title: '临期提醒', read: false });
      expect(Date.parse(reminder.createdAt)).toBeGreaterThanOrEqual(
        Date.parse(draft1.dueAt) - WARN_BEFORE,
      );
    }
    // The reminder goes to the step's holders and the leader, not to other departments.
    expect(await notices('dept2', f1.id)).toEqual([]);

    // ---- Red once overdue: finding, task, both overdue filters; no escalation before its time.
    const red = await pollUntil('the draft turns red', async () => {
      const t = await api.taskFor('dept1', f1.id, 'draft_measures');
      return t.light === 'red' ? t : undefined;
    });
    expect(red.overdue).toBe(true);
    const before = Date.now();
    const supervisorInbox = (await api.get('/inbox?kind=escalation&pageSize=500', 'supervisor'))
      .body.items;
    const overdueFindings = (await api.get(`/findings?roundId=${roundId}&overdue=true`, 'office'))
      .body.items;
    // Overdue is not escalated yet: none of the three has an escalation raised before
    // ESCALATE_AFTER past its due time (read right after the red, normally none at all).
    expect(escalatedEarly(supervisorInbox)).toEqual([]);
    expect(before).toBeGreaterThan(Date.parse(draft1.dueAt));
    // F2 and F3 were created a moment later, so they turn red a moment later.
    const overdueInbox: any[] = await pollUntil(
      'all three drafts in the overdue inbox',
      async () => {
        const items = (await api.get('/inbox?overdue=true&pageSize=500', 'dept1')).body.items;
        return items.length === 3 ? items : undefined;
      },
    );
    expect(overdueInbox.map((t: any) => t.findingId).sort()).toEqual([f1.id, f2.id, f3.id].sort());
    expect(overdueInbox.every((t: any) => t.light === 'red' && t.overdue)).toBe(true);
    expect(overdueFindings.find((f: any) => f.id === f1.id)).toMatchObject({
      light: 'red',
      overdue: true,
    });
    expect((await api.get('/inbox/counts', 'dept1')).body.overdue).toBeGreaterThanOrEqual(3);

    // ---- Level 1: ESCALATE_AFTER past due, for the supervisor; the finding's level raised.
    const level1 = await waitForLevel(f1.id, 1);
    const esc1 = await pollUntil('the supervisor’s escalation task', () => escalationTask(f1.id));
    const [rec1] = await stack.dataSource
      .getRepository(EscalationEntity)
      .findBy({ findingId: f1.id });
    record(f1.id, 'F1', 1, draft1.dueAt, Date.parse(rec1.createdAt));
    expect(Date.parse(rec1.createdAt) - Date.parse(draft1.dueAt)).toBeGreaterThanOrEqual(
      ESCALATE_AFTER,
    );
    expect(Date.parse(rec1.createdAt) - Date.parse(draft1.dueAt)).toBeLessThan(
      ESCALATE_AFTER + PROMPT,
    );
    expect(Date.parse(esc1.createdAt)).toBeGreaterThanOrEqual(
      Date.parse(draft1.dueAt) + ESCALATE_AFTER,
    );
    expect(level1.at).toBe(Date.parse(rec1.createdAt));
    expect(esc1).toMatchObject({
      role: 'supervisor',
      subjectTaskId: draft1.id,
      escalationLevel: 1,
      status: 'open',
    });
    expect(rec1).toMatchObject({
      taskId: draft1.id,
      taskKind: 'draft_measures',
      level: 1,
      status: 'open',
      escalationTaskId: esc1.id,
    });
    const atLevel1 = await detail(f1.id);
    expect(atLevel1).toMatchObject({ escalationLevel: 1, stage: 'draft_measures', light: 'red' });
    // The late step stays open with the department.
    expect(atLevel1.openTasks.find((t: any) => t.id === draft1.id)).toMatchObject({
      status: 'open',
      escalationLevel: 1,
    });
    expect(
      (await api.get(`/findings?roundId=${roundId}&pageSize=500`, 'office')).body.items.find(
        (f: any) => f.id === f1.id,
      ).escalationLevel,
    ).toBe(1);

    // Level-1 notices: supervisor, the late step's holders and their head; not yet the leader.
    const level1Notice = (user: string, findingId: string, level: number) =>
      notices(user, findingId).then((ns) =>
        ns.filter((n: any) => n.kind === 'escalation' && n.title === `督办（第${level}级）`),
      );
    for (const user of ['supervisor', 'dept1', 'dept1head'])
      expect(await level1Notice(user, f1.id, 1)).toHaveLength(1);
    for (const user of ['leader1', 'committee', 'dept2'])
      expect(await level1Notice(user, f1.id, 1)).toEqual([]);

    // ---- F3, bad input on its escalation task: 400 naming the field, nothing written.
    const esc3 = await pollUntil('F3 escalation task', () => escalationTask(f3.id));
    // What people did on F3 (its ladder, which has no actor, may climb meanwhile).
    const actionsOnF3 = () =>
      stack.dataSource
        .getRepository(AuditEventEntity)
        .countBy({ findingId: f3.id, actorId: Not(IsNull()) });
    const auditBefore = await actionsOnF3();
    const bad = [
      [{ action: 'extend', comment: '延期' }, /dueAt/],
      [
        { action: 'extend', comment: '延期', dueAt: new Date(Date.now() - 60 * S).toISOString() },
        /dueAt must be a time in the future/,
      ],
      [{ action: 'extend', comment: '延期', dueAt: '明天' }, /dueAt/],
      [
        {
          action: 'reassign',
          comment: '改派',
          leadDepartmentId: '00000000-0000-4000-8000-000000000000',
        },
        /leadDepartmentId does not name a department/,
      ],
      [{ action: 'reassign', comment: '改派' }, /leadDepartmentId/],
      [
        { action: 'reassign', comment: '改派', leadDepartmentId: api.departments.get('D1') },
        /already the lead department/,
      ],
      [{ action: 'urge' }, /comment/],
      [{ action: 'dismiss', comment: 'x' }, /action/],
    ] as const;
    for (const [body, message] of bad) {
      const res = await api.post(`/tasks/${esc3.id}/complete`, 'supervisor', body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toMatch(message);
    }
    expect(await api.taskFor('supervisor', f3.id, 'escalation')).toMatchObject({
      id: esc3.id,
      status: 'open',
    });
    expect(
      await stack.dataSource.getRepository(EscalationEntity).findBy({ findingId: f3.id }),
    ).toEqual([expect.objectContaining({ action: null, status: 'open' })]);
    expect(await actionsOnF3()).toBe(auditBefore);
    // Only the supervisor acts on an escalation.
    expect(
      (await api.post(`/tasks/${esc3.id}/complete`, 'office', { action: 'urge', comment: 'x' }))
        .status,
    ).toBe(403);

    // ---- F3: reassign to D2 moves the late step; D1 is told, D2 is told.
    const draft3 = await api.taskFor('dept1', f3.id, 'draft_measures');
    const [rec3] = await stack.dataSource
      .getRepository(EscalationEntity)
      .findBy({ findingId: f3.id });
    record(f3.id, 'F3', 1, draft3.dueAt, Date.parse(rec3.createdAt));
    expect(Date.parse(rec3.createdAt) - Date.parse(draft3.dueAt)).toBeGreaterThanOrEqual(
      ESCALATE_AFTER,
    );
    const reassigned = await api.post(`/tasks/${esc3.id}/complete`, 'supervisor', {
      action: 'reassign',
      comment: '改由政治处牵头',
      leadDepartmentId: api.departments.get('D2'),
    });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.finding.leadDepartmentId).toBe(api.departments.get('D2'));
    expect(await api.taskFor('dept1', f3.id, 'draft_measures')).toBeUndefined();
    expect(await api.taskFor('dept2', f3.id, 'draft_measures')).toMatchObject({
      id: draft3.id,
      departmentId: api.departments.get('D2'),
      light: 'red',
    });
    expect((await notices('dept1', f3.id)).map((n: any) => n.kind)).toContain('reassigned');
    expect((await notices('dept1head', f3.id)).map((n: any) => n.kind)).toContain('reassigned');
    expect((await notices('dept2', f3.id)).map((n: any) => n.kind)).toContain('assigned');
    expect((await api.get(`/findings/${f3.id}`, 'dept1')).status).toBe(403);

    // ---- F2: urge notifies the department, the ladder goes on.
    const esc2a = await pollUntil('F2 escalation task', () => escalationTask(f2.id));
    const draft2 = await api.taskFor('dept1', f2.id, 'draft_measures');
    const urged = await api.post(`/tasks/${esc2a.id}/complete`, 'supervisor', {
      action: 'urge',
      comment: '请于今日内报送整改措施',
    });
    expect(urged.status).toBe(200);
    expect(urged.body.finding.escalationLevel).toBe(1);
    for (const user of ['dept1', 'dept1head']) {
      expect((await notices(user, f2.id)).find((n: any) => n.kind === 'urge')).toMatchObject({
        title: '督办催办',
        taskId: draft2.id,
      });
    }

    // ---- Level 2 one interval later: the leader is told too, the committee not yet.
    const level2 = await waitForLevel(f1.id, 2);
    record(f1.id, 'F1', 2, draft1.dueAt, level2.at);
    // The ladder keeps to its schedule from the due time: level n at due + ESCALATE_AFTER + (n-1) × interval.
    expect(level2.at - Date.parse(draft1.dueAt)).toBeGreaterThanOrEqual(
      ESCALATE_AFTER + ESCALATION_INTERVAL,
    );
    expect(level2.at).toBeGreaterThan(level1.at);
    expect(level2.at - Date.parse(draft1.dueAt)).toBeLessThan(
      ESCALATE_AFTER + ESCALATION_INTERVAL + PROMPT,
    );
    expect(await escalationTask(f1.id)).toMatchObject({ id: esc1.id, escalationLevel: 2 });
    expect((await detail(f1.id)).escalationLevel).toBe(2);
    for (const user of ['supervisor', 'dept1', 'dept1head', 'leader1'])
      expect(await level1Notice(user, f1.id, 2)).toHaveLength(1);
    expect(await level1Notice('committee', f1.id, 2)).toEqual([]);

    // F2 after the urge: level 2 opens a fresh escalation task on the same record.
    const f2level2 = await waitForLevel(f2.id, 2);
    const esc2b = await pollUntil('F2 level-2 escalation task', () => escalationTask(f2.id));
    expect(esc2b.id).not.toBe(esc2a.id);
    expect(esc2b.escalationLevel).toBe(2);
    const accountability = await api.post(`/tasks/${esc2b.id}/complete`, 'supervisor', {
      action: 'accountability',
      comment: '约谈部门负责人',
    });
    expect(accountability.status).toBe(200);
    expect(accountability.body.finding).toMatchObject({
      accountabilityCount: 1,
      escalationLevel: 2,
    });
    expect(accountability.body.finding.history.map((h: any) => h.action)).toContain(
      'finding.accountability',
    );

    // F3 after the reassignment: the ladder went on, now telling the new department.
    const f3level2 = await waitForLevel(f3.id, 2);
    record(f3.id, 'F3', 2, draft3.dueAt, f3level2.at);
    expect(await level1Notice('dept2', f3.id, 2)).toHaveLength(1);
    expect(await level1Notice('dept1', f3.id, 2)).toEqual([]);

    // ---- Level 3: the committee.
    const level3 = await waitForLevel(f1.id, 3);
    record(f1.id, 'F1', 3, draft1.dueAt, level3.at);
    expect(level3.at - Date.parse(draft1.dueAt)).toBeGreaterThanOrEqual(
      ESCALATE_AFTER + 2 * ESCALATION_INTERVAL,
    );
    expect(level3.at - Date.parse(draft1.dueAt)).toBeLessThan(
      ESCALATE_AFTER + 2 * ESCALATION_INTERVAL + PROMPT,
    );
    for (const user of ['supervisor', 'leader1', 'committee'])
      expect(await level1Notice(user, f1.id, 3)).toHaveLength(1);
    const f2level3 = await waitForLevel(f2.id, 3);
    expect(f2level2.at - Date.parse(draft2.dueAt)).toBeGreaterThanOrEqual(
      ESCALATE_AFTER + ESCALATION_INTERVAL,
    );
    expect(f2level3.at - Date.parse(draft2.dueAt)).toBeGreaterThanOrEqual(
      ESCALATE_AFTER + 2 * ESCALATION_INTERVAL,
    );

    // ---- F1: extend clears the red, the level and the escalation task; timers restart.
    const newDue = new Date(Date.now() + 4 * S).toISOString();
    const extended = await api.post(`/tasks/${esc1.id}/complete`, 'supervisor', {
      action: 'extend',
      comment: '同意延期至下周',
      dueAt: newDue,
    });
    expect(extended.status).toBe(200);
    expect(extended.body.finding).toMatchObject({
      light: 'green',
      overdue: false,
      escalationLevel: 0,
    });
    expect(extended.body.finding.openTasks).toEqual([
      expect.objectContaining({ id: draft1.id, dueAt: newDue, light: 'green', escalationLevel: 0 }),
    ]);
    expect(await api.taskFor('dept1', f1.id, 'draft_measures')).toMatchObject({
      light: 'green',
      overdue: false,
    });
    expect(await summary(f1.id)).toMatchObject({
      light: 'green',
      overdue: false,
      escalationLevel: 0,
    });
    expect(await escalationTask(f1.id)).toBeUndefined();
    expect(extended.body.finding.escalations).toEqual([
      expect.objectContaining({ level: 3, status: 'resolved', action: 'extend' }),
    ]);
    // The restarted timers remind again before the new due time.
    await pollUntil(
      'a second reminder after the extension',
      async () =>
        (await notices('dept1', f1.id)).filter(
          (n: any) => n.kind === 'reminder' && n.taskId === draft1.id,
        ).length === 2,
    );

    // ---- F2: completing the late step stops its ladder and cancels the open escalation task.
    const esc2c = await pollUntil('F2 level-3 escalation task', () => escalationTask(f2.id));
    const done2 = await api.post(`/tasks/${draft2.id}/complete`, 'dept1', {
      measures: [{ text: '一是规范台账记录' }],
    });
    expect(done2.status).toBe(200);
    expect(done2.body.finding).toMatchObject({
      stage: 'approve_measures',
      escalationLevel: 0,
      light: 'green',
    });
    expect(await escalationTask(f2.id)).toBeUndefined();
    expect(
      await stack.dataSource.getRepository(TaskEntity).findOneBy({ id: esc2c.id }),
    ).toMatchObject({ status: 'cancelled' });
    expect(
      (
        await api.post(`/tasks/${esc2c.id}/complete`, 'supervisor', {
          action: 'urge',
          comment: 'x',
        })
      ).status,
    ).toBe(409);
    const [rec2] = await stack.dataSource
      .getRepository(EscalationEntity)
      .findBy({ findingId: f2.id });
    expect(rec2).toMatchObject({ level: 3, status: 'resolved', action: 'accountability' });
    record(f2.id, 'F2', 1, draft2.dueAt, Date.parse(rec2.createdAt));
    record(f2.id, 'F2', 2, draft2.dueAt, f2level2.at);
    record(f2.id, 'F2', 3, draft2.dueAt, f2level3.at);

    // F3: the new department completes the step; its ladder stops too.
    const done3 = await api.post(`/tasks/${draft3.id}/complete`, 'dept2', {
      measures: [{ text: '一是严格经费审批' }],
    });
    expect(done3.status).toBe(200);
    expect(done3.body.finding.escalationLevel).toBe(0);

    // ---- Never a duplicate: one record per ladder, one escalation event and one notice per
    // level and person, at most one escalation task open per late step at any time.
    const history = async (id: string) => (await levelTimes(id)).map((l) => l.level);
    expect(await history(f1.id)).toEqual([1, 2, 3]);
    expect(await history(f2.id)).toEqual([1, 2, 3]);
    expect((await history(f3.id)).slice(0, 2)).toEqual([1, 2]);
    for (const f of [f1, f2, f3]) {
      const records = await stack.dataSource
        .getRepository(EscalationEntity)
        .findBy({ findingId: f.id });
      expect(records).toHaveLength(1);
      const tasks = await stack.dataSource
        .getRepository(TaskEntity)
        .findBy({ findingId: f.id, kind: 'escalation' });
      expect(tasks.filter((t) => t.status === 'open' || t.status === 'claimed')).toEqual([]);
      const rows = await stack.dataSource
        .getRepository(NotificationEntity)
        .findBy({ findingId: f.id, kind: 'escalation' });
      const perUserAndLevel = new Set(rows.map((r) => `${r.userId}:${r.title}`));
      expect(perUserAndLevel.size).toBe(rows.length);
    }
    // F1 raised one escalation task for all three levels; F2 one per supervisor action.
    expect(
      await stack.dataSource
        .getRepository(TaskEntity)
        .countBy({ findingId: f1.id, kind: 'escalation' }),
    ).toBe(1);
    expect(
      await stack.dataSource
        .getRepository(TaskEntity)
        .countBy({ findingId: f2.id, kind: 'escalation' }),
    ).toBe(3);
    expect((await api.get('/audit/verify', 'office')).body.ok).toBe(true);
  });

  it('lists each user’s notices newest first, with read and unread', async () => {
    const list = await api.get('/notifications?pageSize=500', 'dept1');
    expect(list.status).toBe(200);
    const items: any[] = list.body.items;
    expect(items.length).toBeGreaterThan(5);
    const times = items.map((n) => Date.parse(n.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(items.map((n) => n.kind))).toEqual(
      new Set(['assigned', 'reminder', 'escalation', 'urge', 'reassigned']),
    );
    expect(list.body.unread).toBe(items.length);

    const first = items[items.length - 1];
    const read = await api.post(`/notifications/${first.id}/read`, 'dept1');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: first.id, read: true });
    const after = await api.get('/notifications?pageSize=500', 'dept1');
    expect(after.body.unread).toBe(items.length - 1);
    expect(after.body.items.find((n: any) => n.id === first.id)).toMatchObject({ read: true });
    const unread = await api.get('/notifications?unread=true&pageSize=500', 'dept1');
    expect(unread.body.items.map((n: any) => n.id)).not.toContain(first.id);
    expect(unread.body.total).toBe(items.length - 1);
    // Another user's notice is not yours to read.
    expect((await api.post(`/notifications/${first.id}/read`, 'dept2')).status).toBe(404);
    expect((await api.get('/notifications')).status).toBe(401);
  });

  it('an ignored 督办单 climbs the ladder; answered, its escalation ends; accepted, it closes', async () => {
    const f = await createFinding('督办单无人理会');
    await world.advance(f.id, 'evidence');
    const D2 = world.dept('D2');
    const dueAt = new Date(Date.now() + 3 * S).toISOString();
    const issued = await api.post(`/findings/${f.id}/supervision-orders`, 'supervisor', {
      departmentId: D2,
      requirement: '请三日内报送制度修订情况',
      dueAt,
    });
    expect(issued.status).toBe(201);
    const orderTaskId: string = issued.body.taskId;
    const level1 = await waitForLevel(f.id, 1);
    expect(level1.taskId).toBe(orderTaskId);
    // Never before its due time plus ESCALATE_AFTER.
    expect(level1.at).toBeGreaterThanOrEqual(Date.parse(dueAt) + ESCALATE_AFTER);
    record(f.id, '督办单', 1, dueAt, level1.at);
    const esc = await escalationTask(f.id);
    expect(esc).toMatchObject({ kind: 'escalation', status: 'open' });
    // The department head of the order's department is told, and the 督办台账 shows it.
    const headNotices = await notices(world.deptUser(D2, true), f.id);
    expect(headNotices.map((n: any) => n.code)).toContain('escalated');
    const ledger = await api.get(`/supervision?roundId=${roundId}&pageSize=500`, 'supervisor');
    expect(ledger.status).toBe(200);
    const row = ledger.body.items.find((i: any) => i.id === f.id);
    expect(row.reasons).toContain('escalated');
    expect(row.escalationLevel).toBeGreaterThanOrEqual(1);

    // The department answers at last: its escalation task is cancelled and the ladder ends.
    const answered = await api.post(`/tasks/${orderTaskId}/complete`, world.deptUser(D2), {
      answer: '已报送',
    });
    expect(answered.status).toBe(200);
    const cancelled = await stack.dataSource
      .getRepository(TaskEntity)
      .findOneByOrFail({ id: esc.id });
    expect(cancelled.status).toBe('cancelled');
    expect((await detail(f.id)).escalationLevel).toBe(0);
    const review = await api.taskFor('supervisor', f.id, 'supervision_order_review');
    expect(
      (await api.post(`/tasks/${review.id}/complete`, 'supervisor', { decision: 'approve' }))
        .status,
    ).toBe(200);
    expect((await detail(f.id)).supervisionOrders[0]).toMatchObject({ status: 'accepted' });
    expect((await api.get('/audit/verify', 'office')).body.ok).toBe(true);
  });
});
