import { applyLookBackNow, applyWithdraw, nextTimerEvent, validateStartLookBack } from './index';
import { Harness, MIN, dept1, leader, office, supervisor, timing } from './test-support/harness';

function closed(): Harness {
  const h = new Harness().create({ dueInMs: 60 * MIN });
  h.now += 5 * MIN;
  h.approveMeasures();
  h.complete('submit_evidence', dept1, {
    report: '已整改',
    evidenceIds: ['e1'],
    measuresDone: h.state.measures.map((m) => m.id),
  });
  h.reviewsToClosure();
  return h;
}

describe('立即回头看 (look-back on demand)', () => {
  it('opens the look-back now and drops the planned time, so no timer waits for it', () => {
    const h = closed();
    const planned = h.state.lookBackAt;
    expect(planned).not.toBeNull();
    expect(nextTimerEvent(h.state, timing)).toMatchObject({ type: 'recheck' });
    h.now += 2 * MIN;
    expect(validateStartLookBack(h.state, { actor: supervisor })).toEqual({ ok: true });
    h.ops = applyLookBackNow(h.state, { actor: supervisor, sampleSeed: 42 }, h.ctx());
    const task = h.task('look_back');
    expect(task).toMatchObject({ roles: ['supervisor', 'office'], status: 'open' });
    expect(h.state.lookBackAt).toBeNull();
    expect(h.state.finding.stage).toBe('closed');
    const event = h.ops.find((op) => op.op === 'event');
    expect(event?.op === 'event' && event.event).toMatchObject({
      action: 'finding.look_back_started',
      actorId: supervisor.userId,
      data: { taskId: task.id, plannedAt: planned, sampleSeed: 42 },
    });
    // The planned time passes: nothing else opens (only the task's own reminder is planned).
    h.advanceTo(Date.parse(planned as string) + MIN);
    expect(h.state.tasks.filter((t) => t.kind === 'look_back')).toHaveLength(1);
    // It completes like one the timer opened.
    h.complete('look_back', office, { outcome: 'holds', comment: '未反弹' });
    expect(h.state.tasks).toEqual([]);
    expect(nextTimerEvent(h.state, timing)).toBeNull();
  });

  it('refuses, with the code the API answers: open, done, not closed, withdrawn, other roles', () => {
    const running = new Harness().create();
    expect(validateStartLookBack(running.state, { actor: office })).toMatchObject({
      ok: false,
      type: 'Conflict',
      code: 'finding_not_closed',
    });

    const h = closed();
    expect(validateStartLookBack(h.state, { actor: leader })).toMatchObject({
      ok: false,
      type: 'Forbidden',
    });
    expect(validateStartLookBack(h.state, { actor: office, sampleSeed: -1 })).toMatchObject({
      ok: false,
      type: 'InvalidInput',
    });
    applyLookBackNow(h.state, { actor: office }, h.ctx());
    expect(validateStartLookBack(h.state, { actor: office })).toMatchObject({
      code: 'look_back_open',
    });
    h.complete('look_back', supervisor, { outcome: 'holds', comment: '未反弹' });
    expect(validateStartLookBack(h.state, { actor: office })).toMatchObject({
      code: 'look_back_done',
    });

    const withdrawn = new Harness().create();
    applyWithdraw(withdrawn.state, { actor: office, reason: '重复' }, withdrawn.ctx());
    expect(validateStartLookBack(withdrawn.state, { actor: office })).toMatchObject({
      code: 'finding_withdrawn',
    });
  });

  it('marks the history (patch look-back-on-demand) when it opens one', () => {
    const h = closed();
    let asked = 0;
    const ctx = { ...h.ctx(), features: { lookBackOnDemand: () => ++asked > 0 } };
    applyLookBackNow(h.state, { actor: office }, ctx);
    expect(asked).toBe(1);
  });
});
