import { ConfigError, loadConfig } from '@rectiflow/config';

/**
 * Durations come from configuration, are validated at boot (a bad one stops the api and the
 * worker, naming the variable, before anything connects or writes). That they reach each
 * workflow as its input is checked in time-long-term.e2e-spec.ts.
 */
const DURATIONS = [
  'WARN_BEFORE',
  'ESCALATE_AFTER',
  'ESCALATION_INTERVAL',
  'STEP_DUE',
  'STAGE_REPORT_EVERY',
  'LOOK_BACK_AFTER',
];

describe('time: configured durations', () => {
  it.each(DURATIONS.flatMap((name) => ['soon', '10', '-1s'].map((value) => [name, value])))(
    'refuses to boot with %s=%j, naming the variable',
    (name, value) => {
      let error: unknown;
      try {
        loadConfig({ NODE_ENV: 'test', [name]: value });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(name);
      // Only the bad variable is named.
      for (const other of DURATIONS.filter((d) => d !== name))
        expect((error as Error).message).not.toContain(other);
    },
  );

  it('reads durations in ms, s, m, h, d and w', () => {
    const { timing } = loadConfig({
      WARN_BEFORE: '1.5h',
      ESCALATE_AFTER: '0s',
      ESCALATION_INTERVAL: '7d',
      STEP_DUE: '500ms',
      STAGE_REPORT_EVERY: '2w',
      LOOK_BACK_AFTER: '90m',
    });
    expect(timing).toEqual({
      warnBeforeMs: 90 * 60_000,
      escalateAfterMs: 0,
      escalationIntervalMs: 7 * 86_400_000,
      stepDueMs: 500,
      stageReportEveryMs: 14 * 86_400_000,
      lookBackAfterMs: 90 * 60_000,
    });
    // The defaults of API.md "Time".
    expect(loadConfig({}).timing).toEqual({
      warnBeforeMs: 10 * 86_400_000,
      escalateAfterMs: 0,
      escalationIntervalMs: 7 * 86_400_000,
      stepDueMs: 15 * 86_400_000,
      stageReportEveryMs: 30 * 86_400_000,
      lookBackAfterMs: 180 * 86_400_000,
    });
  });
});
