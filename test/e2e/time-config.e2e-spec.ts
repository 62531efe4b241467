import { Client } from '@temporalio/client';
import { ConfigError, loadConfig } from '@rectiflow/config';
import { findingWorkflowId, type FindingWorkflowInput } from '@rectiflow/contracts';
import { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';

/**
 * Durations come from configuration, are validated at boot (a bad one stops the api and the
 * worker, naming the variable, before anything connects or writes) and reach each workflow
 * as its input: a workflow never reads the environment.
 */
const DURATIONS = ['WARN_BEFORE', 'ESCALATE_AFTER', 'ESCALATION_INTERVAL', 'STEP_DUE', 'STAGE_REPORT_EVERY', 'LOOK_BACK_AFTER'];

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
      for (const other of DURATIONS.filter((d) => d !== name)) expect((error as Error).message).not.toContain(other);
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

  describe('over a running stack', () => {
    let stack: TestStack;

    beforeAll(async () => {
      stack = await startStack({ WARN_BEFORE: '7s', ESCALATE_AFTER: '3s', ESCALATION_INTERVAL: '11s', STEP_DUE: '13s', STAGE_REPORT_EVERY: '17s', LOOK_BACK_AFTER: '19s' });
    });

    afterAll(async () => {
      await stack?.close();
    });

    it('hands the configured durations to each finding’s workflow as input', async () => {
      const api = new ApiClient(stack.url);
      await api.loadDemo();
      const round = await api.post('/rounds', 'office', { title: '时限配置', source: 'self' });
      const finding = await api.post(`/rounds/${round.body.id}/findings`, 'office', { title: '配置样本' });
      expect(finding.status).toBe(201);
      const task = await api.taskFor('office', finding.body.id, 'assign');
      expect(Date.parse(task.dueAt) - Date.parse(task.createdAt)).toBe(13_000);
      const history = await stack.app.get(Client).workflow.getHandle(findingWorkflowId(finding.body.id)).fetchHistory();
      const started = history.events?.[0].workflowExecutionStartedEventAttributes;
      const input = JSON.parse(Buffer.from(started?.input?.payloads?.[0].data ?? []).toString()) as FindingWorkflowInput;
      expect(input.timing).toEqual({
        warnBeforeMs: 7000,
        escalateAfterMs: 3000,
        escalationIntervalMs: 11000,
        stepDueMs: 13000,
        stageReportEveryMs: 17000,
        lookBackAfterMs: 19000,
      });
    });
  });
});
