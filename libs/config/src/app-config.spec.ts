import { ConfigError, DEFAULT_JWT_SECRET, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('turns the documented defaults into milliseconds', () => {
    const c = loadConfig({});
    expect(c.timing).toEqual({
      warnBeforeMs: 10 * 86_400_000,
      escalateAfterMs: 0,
      escalationIntervalMs: 7 * 86_400_000,
      stepDueMs: 15 * 86_400_000,
      stageReportEveryMs: 30 * 86_400_000,
      lookBackAfterMs: 180 * 86_400_000,
    });
    expect(c.seedDemo).toBe(false);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'x', WARN_BEFORE: 'soon', DATABASE_URL: 'mysql://x' })).toThrow(
      /PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/,
    );
    expect(() => loadConfig({ WARN_BEFORE: 'soon' })).toThrow(/WARN_BEFORE/);
  });

  it('refuses zero for periods and step durations', () => {
    expect(() => loadConfig({ STEP_DUE: '0s' })).toThrow(/STEP_DUE must be longer than 0/);
    expect(() => loadConfig({ STAGE_REPORT_EVERY: '0d' })).toThrow(ConfigError);
    expect(loadConfig({ ESCALATE_AFTER: '0s' }).timing.escalateAfterMs).toBe(0);
  });

  it('seeds the demo organisation in the embedded default only', () => {
    expect(loadConfig({ RECTIFLOW_EMBEDDED: '1' }).seedDemo).toBe(true);
    expect(loadConfig({ RECTIFLOW_EMBEDDED: '1', SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('refuses production with the default secret or demo seeding', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: 'a-real-secret-of-enough-length',
        SEED_DEMO: 'true',
      }),
    ).toThrow(/SEED_DEMO/);
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-real-secret-of-enough-length' })
        .production,
    ).toBe(true);
    expect(DEFAULT_JWT_SECRET.length).toBeGreaterThanOrEqual(16);
  });
});
