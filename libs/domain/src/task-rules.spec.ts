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

  it('lets only the claimant release', () => {
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
