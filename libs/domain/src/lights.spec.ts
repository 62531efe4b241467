import { lightFor, worstLight } from './lights';
import { taskDueAt, type Timing } from './due-times';

const day = 86_400_000;
const now = new Date('2026-03-01T00:00:00Z');

describe('红黄绿灯', () => {
  it('is green before the warning window, yellow inside it, red once overdue', () => {
    expect(lightFor(new Date(now.getTime() + 11 * day), now, 10 * day)).toBe('green');
    expect(lightFor(new Date(now.getTime() + 10 * day), now, 10 * day)).toBe('yellow');
    expect(lightFor(new Date(now.getTime() + 1), now, 10 * day)).toBe('yellow');
    expect(lightFor(new Date(now.getTime() - 1), now, 10 * day)).toBe('red');
    expect(lightFor(null, now, 10 * day)).toBe('green');
  });

  it('shows a finding its worst open task', () => {
    expect(worstLight(['green', 'red', 'yellow'])).toBe('red');
    expect(worstLight(['green', 'yellow'])).toBe('yellow');
    expect(worstLight([])).toBe('green');
  });
});

describe('due times of new tasks', () => {
  const timing: Timing = {
    warnBeforeMs: 10 * day,
    escalateAfterMs: 0,
    escalationIntervalMs: 7 * day,
    stepDueMs: 15 * day,
    stageReportEveryMs: 30 * day,
    lookBackAfterMs: 180 * day,
  };
  const opened = now.getTime();
  const iso = (ms: number) => new Date(ms).toISOString();

  it('puts a finding_deadline step (the evidence) at the finding’s due time', () => {
    expect(taskDueAt('finding_deadline', opened, iso(opened + 40 * day), timing)).toBe(
      iso(opened + 40 * day),
    );
  });

  it('never lets a step_within_deadline (drafting) run past the finding’s due time', () => {
    expect(taskDueAt('step_within_deadline', opened, iso(opened + 40 * day), timing)).toBe(
      iso(opened + 15 * day),
    );
    expect(taskDueAt('step_within_deadline', opened, iso(opened + 5 * day), timing)).toBe(
      iso(opened + 5 * day),
    );
  });

  it('ends a stage report with its period and every other step one STEP_DUE later', () => {
    expect(taskDueAt('stage_period', opened, null, timing)).toBe(iso(opened + 30 * day));
    expect(taskDueAt('step', opened, iso(opened + day), timing)).toBe(iso(opened + 15 * day));
  });
});
