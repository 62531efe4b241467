import { checkRelease, checkTaskAction, mayTakeTask, type TaskAccess } from './task-rules';
import type { Actor } from './actor';

const D1 = 'dept-1';
const D2 = 'dept-2';
const actor = (
  userId: string,
  roles: Actor['roles'],
  departmentId: string | null = null,
): Actor => ({ userId, roles, departmentId });
const task = (over: Partial<TaskAccess>): TaskAccess => ({
  kind: 'draft_measures',
  roles: ['department'],
  departmentId: D1,
  targetUserId: null,
  assigneeId: null,
  status: 'open',
  ...over,
});

describe('who may act on which task', () => {
  it('lets department staff act only in their own department', () => {
    expect(checkTaskAction(actor('u1', ['department'], D1), task({}))).toEqual({ ok: true });
    expect(checkTaskAction(actor('u2', ['department'], D2), task({}))).toMatchObject({
      ok: false,
      reason: 'forbidden',
    });
    expect(checkTaskAction(actor('u3', ['department_head'], D1), task({}))).toMatchObject({
      ok: false,
      reason: 'forbidden',
    });
  });

  it('keeps a personal step for its person (the responsible leader)', () => {
    const approve = task({
      kind: 'approve_measures',
      roles: ['leader'],
      departmentId: null,
      targetUserId: 'leader-1',
    });
    expect(mayTakeTask(actor('leader-1', ['leader']), approve)).toBe(true);
    expect(mayTakeTask(actor('leader-2', ['leader']), approve)).toBe(false);
  });

  it('opens review_3 to office and committee alike', () => {
    const review3 = task({ kind: 'review_3', roles: ['office', 'committee'], departmentId: null });
    expect(mayTakeTask(actor('o', ['office']), review3)).toBe(true);
    expect(mayTakeTask(actor('c', ['committee']), review3)).toBe(true);
    expect(mayTakeTask(actor('s', ['supervisor']), review3)).toBe(false);
  });

  it('treats finished and claimed-by-others tasks as conflicts, not permission problems', () => {
    const me = actor('u1', ['department'], D1);
    expect(checkTaskAction(me, task({ status: 'done' }))).toMatchObject({
      ok: false,
      reason: 'conflict',
    });
    expect(checkTaskAction(me, task({ status: 'cancelled' }))).toMatchObject({
      ok: false,
      reason: 'conflict',
    });
    expect(checkTaskAction(me, task({ status: 'claimed', assigneeId: 'u9' }))).toMatchObject({
      ok: false,
      reason: 'conflict',
    });
    expect(checkTaskAction(me, task({ status: 'claimed', assigneeId: 'u1' }))).toEqual({
      ok: true,
    });
  });

  it('lets the claimant release, and the office of the task’s unit hand it back', () => {
    const claimed = task({ status: 'claimed', assigneeId: 'u1', unitId: 'unit-1' });
    const office = (unitId: string): Actor => ({ ...actor('o1', ['office']), unitId });
    expect(checkRelease(office('unit-1'), claimed)).toEqual({ ok: true });
    expect(checkRelease(office('unit-2'), claimed)).toMatchObject({ reason: 'forbidden' });
    expect(checkRelease({ ...actor('l1', ['leader']), unitId: 'unit-1' }, claimed)).toMatchObject({
      reason: 'forbidden',
    });
    expect(checkRelease(office('unit-1'), { ...claimed, status: 'open' })).toMatchObject({
      reason: 'conflict',
    });
  });

  it('lets no other colleague release', () => {
    expect(
      checkRelease(actor('u1', ['department'], D1), task({ status: 'claimed', assigneeId: 'u1' })),
    ).toEqual({ ok: true });
    expect(
      checkRelease(actor('u2', ['department'], D1), task({ status: 'claimed', assigneeId: 'u1' })),
    ).toMatchObject({ reason: 'forbidden' });
    expect(checkRelease(actor('u1', ['department'], D1), task({ status: 'open' }))).toMatchObject({
      reason: 'conflict',
    });
  });
});

describe('units', () => {
  const UNIT_A = 'unit-a';
  const UNIT_B = 'unit-b';
  const inUnit = (
    unitId: string | null,
    roles: Actor['roles'],
    departmentId: string | null = null,
  ) => ({ userId: `u-${unitId}-${roles.join()}`, roles, departmentId, unitId }) as Actor;

  it('lets a unit’s people take only their own unit’s tasks', () => {
    const assign = task({ kind: 'assign', roles: ['office'], departmentId: null, unitId: UNIT_A });
    expect(mayTakeTask(inUnit(UNIT_A, ['office']), assign)).toBe(true);
    expect(mayTakeTask(inUnit(UNIT_B, ['office']), assign)).toBe(false);
    const draft = task({ unitId: UNIT_A });
    expect(mayTakeTask(inUnit(UNIT_A, ['department'], D1), draft)).toBe(true);
    expect(mayTakeTask(inUnit(UNIT_B, ['department'], D1), draft)).toBe(false);
  });

  it('gives the inspecting side (no unit) no unit’s tasks, whatever its roles', () => {
    const escalation = task({
      kind: 'escalation',
      roles: ['supervisor'],
      departmentId: null,
      unitId: UNIT_A,
    });
    expect(mayTakeTask(inUnit(null, ['supervisor', 'inspection_office']), escalation)).toBe(false);
    expect(mayTakeTask(inUnit(UNIT_A, ['supervisor']), escalation)).toBe(true);
  });

  it('leaves a task without a known unit (a workflow’s own view) to roles and departments', () => {
    expect(mayTakeTask(actor('u1', ['department'], D1), task({}))).toBe(true);
  });
});
