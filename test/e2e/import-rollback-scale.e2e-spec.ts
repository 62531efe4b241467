import { ServiceUnavailableException } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { findingWorkflowId } from '@rectiflow/contracts';
import {
  AreaEntity,
  AuditEventEntity,
  FindingEntity,
  MeasureEntity,
  WorkflowOutboxEntity,
  RoundEntity,
  TaskEntity,
  ThemeEntity,
} from '@rectiflow/persistence';
import { WorkflowOutbox } from '../../apps/api/src/temporal/workflow-outbox';
import { WorkflowStarter } from '../../apps/api/src/temporal/workflow-starter';
import { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';

/** A structured import of `n` findings over `areas` areas of 5 themes; every third one assigned. */
function bigTree(n: number, areas: number, assign: { dept: string; dueAt: string }) {
  const perArea = Math.ceil(n / areas);
  let made = 0;
  return {
    areas: Array.from({ length: areas }, (_, a) => ({
      title: `聚焦第${a + 1}方面`,
      themes: Array.from({ length: 5 }, (_, t) => ({
        title: `第${a + 1}方面第${t + 1}类问题`,
        findings: Array.from({ length: Math.ceil(perArea / 5) }, () => made++)
          .filter((i) => i < n && i < (a + 1) * perArea)
          .map((i) => ({
            title: `问题${i + 1}：相关制度执行不到位`,
            measures: [`问题${i + 1}的第一条措施`, `问题${i + 1}的第二条措施`],
            ...(i % 3 === 0
              ? {
                  leadDepartmentCode: assign.dept,
                  responsibleLeaderUsername: 'leader1',
                  dueAt: assign.dueAt,
                }
              : {}),
          })),
      })),
    })),
  };
}

describe('import: all or nothing, and 1,000 findings in seconds', () => {
  let stack: TestStack;
  let api: ApiClient;
  let temporal: Client;

  const newRound = async (title: string) =>
    (await api.post('/rounds', 'office', { title, source: 'audit' })).body.id as string;
  const rows = async (roundId: string) => ({
    findings: await stack.dataSource.getRepository(FindingEntity).countBy({ roundId }),
    tasks: await stack.dataSource.getRepository(TaskEntity).countBy({ roundId }),
    areas: await stack.dataSource.getRepository(AreaEntity).countBy({ roundId }),
    themes: await stack.dataSource.getRepository(ThemeEntity).countBy({ roundId }),
  });

  beforeAll(async () => {
    stack = await startStack();
    api = new ApiClient(stack.url);
    await api.loadDemo();
    temporal = stack.app.get(Client);
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** Makes the `n`th workflow start of the API fail as an unreachable Temporal would. */
  const failStart = (n: number) => {
    const workflows = stack.app.get(WorkflowStarter);
    const realStart = workflows.start.bind(workflows);
    let calls = 0;
    const spy = jest.spyOn(workflows, 'start').mockImplementation(async (id, input) => {
      if (++calls === n)
        throw new ServiceUnavailableException(
          'the workflow service (Temporal) is unavailable; try again',
        );
      return realStart(id, input);
    });
    return { spy, calls: () => calls };
  };

  /**
   * Creates a finding as an API would that stops right after the creating transaction: its own
   * workflow start never happens (until `resume`, which lets the request answer).
   */
  const createWithStartStopped = (roundId: string, title: string) => {
    // The creation's own starts (WorkflowOutbox.startAll) wait; a sweep or a step on the
    // finding still starts workflows as they would.
    const outbox = stack.app.get(WorkflowOutbox);
    const realStartAll = outbox.startAll.bind(outbox);
    let resume!: () => void;
    const stopped = new Promise<void>((r) => (resume = r));
    const spy = jest.spyOn(outbox, 'startAll').mockImplementation(async (starts) => {
      await stopped;
      return realStartAll(starts);
    });
    const realStart = realStartAll;
    const creating = api.request('POST', `/rounds/${roundId}/findings`, {
      as: 'office',
      body: { title, measures: ['一是…'] },
    });
    return { creating, spy, resume, realStart };
  };

  it('a workflow that fails to start takes the whole import back', async () => {
    const roundId = await newRound('回滚测试');
    // Temporal refusing the fifth start, as when the server goes away in the middle of an import.
    const starts = failStart(5);
    const spy = starts.spy;
    const tree = bigTree(60, 2, {
      dept: 'D1',
      dueAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
    });
    let res;
    try {
      res = await api.request('POST', `/rounds/${roundId}/import`, {
        as: 'office',
        body: { ...tree, publication: { phone: '0000-9' } },
      });
    } finally {
      spy.mockRestore();
    }
    expect(res.status).toBe(503);
    expect(await rows(roundId)).toEqual({ findings: 0, tasks: 0, areas: 0, themes: 0 });
    // Nothing is left in the outbox for a later sweep to start.
    expect(await stack.dataSource.getRepository(WorkflowOutboxEntity).count()).toBe(0);
    const round = await stack.dataSource
      .getRepository(RoundEntity)
      .findOneByOrFail({ id: roundId });
    expect(round).toMatchObject({ findingSeq: 0, publication: null });

    const [rollback] = await stack.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ entityId: roundId, action: 'round.findings_rolled_back' });
    const data = JSON.parse(rollback.data) as { findingIds: string[]; started: number };
    expect(data.findingIds).toHaveLength(60);
    // Starting stopped at the failure: fewer were attempted than the import holds.
    expect(data.started).toBeGreaterThanOrEqual(5);
    expect(data.started).toBeLessThan(60);
    expect(starts.calls()).toBe(data.started);
    const statuses = await Promise.all(
      data.findingIds.map(async (id) => {
        try {
          return (await temporal.workflow.getHandle(findingWorkflowId(id)).describe()).status.name;
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) return 'NOT_STARTED';
          throw err;
        }
      }),
    );
    expect(statuses.filter((s) => s === 'RUNNING')).toEqual([]);
    expect(statuses.filter((s) => s === 'TERMINATED').length).toBe(data.started - 1);
    expect(
      await stack.dataSource
        .getRepository(MeasureEntity)
        .countBy({ findingId: data.findingIds[0] }),
    ).toBe(0);

    // The round is as before: the same import now succeeds and numbers from 001.
    const again = await api.request('POST', `/rounds/${roundId}/import`, {
      as: 'office',
      body: bigTree(6, 1, {
        dept: 'D1',
        dueAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
      }),
    });
    expect(again.status).toBe(201);
    const codes = (await api.get(`/findings?roundId=${roundId}`, 'office')).body.items.map(
      (f: { code: string }) => f.code,
    );
    expect(codes).toEqual(['001', '002', '003', '004', '005', '006']);
    expect((await api.get('/audit/verify', 'office')).body.ok).toBe(true);
  });

  it('terminates the started workflows later when Temporal is unreachable for the rollback', async () => {
    const roundId = await newRound('回滚时服务不可用');
    const workflowOutbox = stack.app.get(WorkflowOutbox);
    // The server goes away at the fourth start and stays away while the import rolls back.
    const starts = failStart(4);
    const startSpy = starts.spy;
    const realGetHandle = temporal.workflow.getHandle.bind(temporal.workflow);
    const handleSpy = jest.spyOn(temporal.workflow, 'getHandle').mockImplementation((id) => {
      const handle = realGetHandle(id);
      handle.terminate = () =>
        Promise.reject(new Error('14 UNAVAILABLE: No connection established'));
      return handle;
    });
    let res;
    try {
      res = await api.request('POST', `/rounds/${roundId}/import`, {
        as: 'office',
        body: bigTree(30, 2, {
          dept: 'D1',
          dueAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
        }),
      });
    } finally {
      startSpy.mockRestore();
      handleSpy.mockRestore();
    }
    expect(res.status).toBe(503);
    // The read model is as before; the workflows that did start are still running, and the
    // outbox remembers to terminate every one that may have started.
    expect(await rows(roundId)).toEqual({ findings: 0, tasks: 0, areas: 0, themes: 0 });
    const outbox = await stack.dataSource.getRepository(WorkflowOutboxEntity).find();
    expect(outbox.every((r) => r.action === 'terminate')).toBe(true);
    const calls = starts.calls();
    expect(outbox).toHaveLength(calls);
    const status = async (id: string) => {
      try {
        return (await temporal.workflow.getHandle(findingWorkflowId(id)).describe()).status.name;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return 'NOT_STARTED';
        throw err;
      }
    };
    const ids = outbox.map((r) => r.findingId);
    expect((await Promise.all(ids.map(status))).filter((s) => s === 'RUNNING')).toHaveLength(
      calls - 1,
    );

    // Temporal is back: the sweep terminates them and empties the outbox.
    expect(await workflowOutbox.sweep()).toEqual({ started: 0, terminated: calls });
    const after = await Promise.all(ids.map(status));
    expect(after.filter((s) => s === 'RUNNING')).toEqual([]);
    expect(after.filter((s) => s === 'TERMINATED')).toHaveLength(calls - 1);
    expect(await stack.dataSource.getRepository(WorkflowOutboxEntity).count()).toBe(0);
  });

  it('starts the workflow of a finding whose API stopped after committing it', async () => {
    const roundId = await newRound('补启动测试');
    const workflowOutbox = stack.app.get(WorkflowOutbox);
    const { creating, spy, resume, realStart } = createWithStartStopped(
      roundId,
      '启动前中断的问题',
    );
    try {
      const pending = await pollUntil(
        'the finding to be committed with its outbox row',
        async () => {
          const rows = await stack.dataSource.getRepository(WorkflowOutboxEntity).find();
          return rows.length === 1 ? rows[0] : undefined;
        },
      );
      const handle = temporal.workflow.getHandle(findingWorkflowId(pending.findingId));
      await expect(handle.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
      // Its first task is in the inbox already; the sweep (at boot and every minute, for rows
      // older than two minutes) starts the workflow from the row.
      spy.mockImplementation(realStart);
      expect(await workflowOutbox.sweep(0)).toEqual({ started: 1, terminated: 0 });
      expect((await handle.describe()).status.name).toBe('RUNNING');
      expect(await stack.dataSource.getRepository(WorkflowOutboxEntity).count()).toBe(0);
      resume();
      expect((await creating).status).toBe(201);
      // The finding works: its first step is taken by the workflow the sweep started.
      const assign = await pollUntil('the assign task', () =>
        api.taskFor('office', pending.findingId, 'assign'),
      );
      const done = await api.post(`/tasks/${assign.id}/complete`, 'office', {
        responsibleLeaderId: api.userId('leader1'),
        leadDepartmentId: api.departments.get('D1'),
        dueAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
      });
      expect(done.status).toBe(200);
      expect(done.body.finding.stage).toBe('draft_measures');
    } finally {
      resume();
      spy.mockRestore();
    }
  });

  it('a step on a finding whose workflow was never started starts it from the outbox', async () => {
    const roundId = await newRound('即时补启动');
    const { creating, spy, resume } = createWithStartStopped(roundId, '尚未启动工作流的问题');
    try {
      const assign = await pollUntil('the finding and its first task to be committed', async () =>
        (await api.get(`/inbox?kind=assign&roundId=${roundId}`, 'office')).body.items.find(
          (t: { findingTitle: string }) => t.findingTitle === '尚未启动工作流的问题',
        ),
      );
      const handle = temporal.workflow.getHandle(findingWorkflowId(assign.findingId));
      await expect(handle.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
      // The office acts at once, long before a sweep: the step starts the workflow and is taken.
      const done = await api.post(`/tasks/${assign.id}/complete`, 'office', {
        responsibleLeaderId: api.userId('leader1'),
        leadDepartmentId: api.departments.get('D1'),
        dueAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
      });
      expect(done.status).toBe(200);
      expect(done.body.finding.stage).toBe('draft_measures');
      expect((await handle.describe()).status.name).toBe('RUNNING');
    } finally {
      resume();
      spy.mockRestore();
    }
    expect((await creating).status).toBe(201);
  });

  it('never starts an ended workflow again from its first state', async () => {
    const roundId = await newRound('已结束的工作流');
    const workflowOutbox = stack.app.get(WorkflowOutbox);
    const res = await api.post(`/rounds/${roundId}/findings`, 'office', {
      title: '工作流已结束的问题',
      measures: ['一是…'],
    });
    expect(res.status).toBe(201);
    const findingId: string = res.body.id;
    const handle = temporal.workflow.getHandle(findingWorkflowId(findingId));
    const { runId } = await handle.describe();
    await handle.terminate('ended for the test');
    // An outbox row whose deletion was lost after the workflow started, found by a later sweep.
    await stack.dataSource.getRepository(WorkflowOutboxEntity).insert({
      findingId,
      action: 'start',
      input: JSON.stringify({ kind: 'created', state: {}, timing: {}, noticeIds: [] }),
      createdAt: new Date(Date.now() - 60 * 60_000).toISOString(),
    });
    expect(await workflowOutbox.sweep()).toEqual({ started: 1, terminated: 0 });
    const after = await handle.describe();
    expect({ runId: after.runId, status: after.status.name }).toEqual({
      runId,
      status: 'TERMINATED',
    });
    expect(await stack.dataSource.getRepository(WorkflowOutboxEntity).count()).toBe(0);
  });

  it('imports 1,000 findings in seconds, every first task in the inbox when it answers', async () => {
    const roundId = await newRound('大批量导入');
    const dueAt = new Date(Date.now() + 90 * 86400_000).toISOString();
    const tree = bigTree(1000, 8, { dept: 'D2', dueAt });
    const started = Date.now();
    const res = await api.request('POST', `/rounds/${roundId}/import`, {
      as: 'office',
      body: tree,
    });
    const seconds = (Date.now() - started) / 1000;
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ areas: 8, themes: 40, findings: 1000, measures: 2000 });
    // For the log only: speed is measured by `npm run bench`, not asserted here.
    console.log(`imported 1,000 findings (${stack.db.label}) in ${seconds.toFixed(1)} s`);
    expect(await rows(roundId)).toEqual({ findings: 1000, tasks: 1000, areas: 8, themes: 40 });
    const open = await stack.dataSource
      .getRepository(TaskEntity)
      .countBy({ roundId, status: 'open' });
    expect(open).toBe(1000);
    const assigned = await stack.dataSource
      .getRepository(TaskEntity)
      .countBy({ roundId, kind: 'draft_measures' });
    expect(assigned).toBe(334);
    // Every workflow runs, and the outbox holds nothing more to start.
    expect(await stack.dataSource.getRepository(WorkflowOutboxEntity).count()).toBe(0);
    const ids: string[] = res.body.findingIds;
    for (const id of [ids[0], ids[499], ids[999]])
      expect(
        (await temporal.workflow.getHandle(findingWorkflowId(id)).describe()).status.name,
      ).toBe('RUNNING');
    const ledger = await fetch(`${api.baseUrl}/api/rounds/${roundId}/ledger.xlsx`, {
      headers: { authorization: `Bearer ${await api.token('office')}` },
    });
    expect(ledger.status).toBe(200);
  });
});
