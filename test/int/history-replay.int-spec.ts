import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker, type InjectedSinks } from '@temporalio/worker';
import type { Sinks } from '@temporalio/workflow';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { Resource } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { bundleWorkflows } from '../../apps/worker/src/workflow-bundle';
import { createHash } from 'node:crypto';
import { AesGcmPayloadCodec, parsePayloadKey } from '@rectiflow/config';
import { findingWorkflowId } from '@rectiflow/contracts';
import type { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, workflowBundle, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * Safe evolution: histories of representative findings, recorded from real runs and committed
 * in test/fixtures/histories/, must replay against the current workflow code. A change that
 * would break findings already running (a command added, removed or reordered without
 * `patched()`) fails here. See workflows/README.md.
 *
 * `RECORD_HISTORIES=1 npx jest -c jest.int.config.js test/int/history-replay` records them
 * afresh (only ever together with a deliberate, patched change of the workflow).
 */
const FIXTURES = path.resolve(__dirname, '../fixtures/histories');
const NAMES = ['closed', 'escalated', 'long-term', 'reopened-run1', 'reopened-run2'];
/**
 * Each generation is the same story recorded by a different version of the workflow, and every
 * generation must keep replaying: v1 projected through an activity task and wrote its own first
 * projection; v2 projects through a local activity (patch 'projection-local-activity') and
 * starts from the state the API created it with (input kind 'created'); v3 publishes search
 * attributes and a memo for operators (patch 'search-attributes'); v4 is encrypted by the payload
 * codec (with the fixture key) and keeps separation-of-duties state; v5 adds a story of the
 * office's changes on a running finding (改派, 延期, a new title, 撤回: Updates of their own);
 * v6 gives co-departments their contribute tasks (patch 'contribute-tasks') and adds a story of
 * them with the lead department's 退回交办 (an Update of its own); v7 adds a story of
 * supervision orders (督办单: issued, answered, returned, answered again, accepted) and a nudge
 * (催办), each an Update of its own under patch 'supervision-orders'; v8 adds a story of a
 * look-back started early (立即回头看: an Update of its own under patch 'look-back-on-demand',
 * cutting the LOOK_BACK_AFTER timer short) and completed; v9 lets an ignored 督办单 climb the
 * escalation ladder (patch 'supervision-order-escalation', asked by the timer plan only while an
 * order is open) and adds a story of one: escalated twice, extended from its escalation, escalated
 * again, answered and accepted; v10 numbers its projection batches (patch 'projection-seq') and
 * hands the last number on across continue-as-new; v11 records one marker per run (patch
 * 'baseline-1', in its first task) that stands for every patch before it, instead of a marker
 * (and a TemporalChangeVersion upsert) in the step that first reached each.
 * Recording writes RECORD_GENERATION (the newest by default).
 */
const GENERATIONS = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9', 'v10', 'v11'];
const RECORD_AS = process.env.RECORD_GENERATION ?? GENERATIONS[GENERATIONS.length - 1];
/** Stories recorded from a generation on (none of the earlier workflows knew their steps). */
const LATER_NAMES: Record<string, string> = {
  changes: 'v5',
  contribute: 'v6',
  supervision: 'v7',
  'look-back-early': 'v8',
  'order-escalated': 'v9',
};
/**
 * Recorded once by the v5 workflow (the code before patch 'contribute-tasks', commit 7f39bcf): a
 * finding assigned with co-departments, then reassigned to fewer and to more of them. Its
 * assignments and reassignments opened no contribute task, and must still replay so.
 */
const PINNED = ['v5-co-departments'];
const since = (g: string, from: string) => GENERATIONS.indexOf(g) >= GENERATIONS.indexOf(from);
const EXPECTED = PINNED.concat(
  GENERATIONS.flatMap((g) => [
    ...NAMES.map((n) => `${g}-${n}`),
    ...Object.entries(LATER_NAMES)
      .filter(([, from]) => since(g, from))
      .map(([n]) => `${g}-${n}`),
  ]),
);
const S = 1000;

const recording = process.env.RECORD_HISTORIES === '1';

/**
 * Payloads are encrypted (THREAT-MODEL.md, "Temporal"): fixtures are recorded with this key, a
 * test key of no other use, and replayed with it. Fixtures recorded before encryption hold
 * plaintext payloads and replay through the live worker's codec as it is (no allowPlaintext):
 * that is what an upgraded deployment's running findings go through.
 */
const FIXTURE_PAYLOAD_KEY = createHash('sha256')
  .update('rectiflow history fixtures')
  .digest()
  .toString('base64');
const replayCodec = new AesGcmPayloadCodec({
  encryptKey: parsePayloadKey(FIXTURE_PAYLOAD_KEY, 'FIXTURE_PAYLOAD_KEY'),
});

/**
 * Fixtures are protobufjs's plain-object form of the history (enums by name, bytes base64,
 * 64-bit numbers as strings), which round-trips exactly through @temporalio/proto. The SDK's
 * historyToJSON/historyFromJSON fail in this install ("type must be a Type": @temporalio/common
 * and @temporalio/proto each carry their own copy of protobufjs 8).
 */
const History = temporal.api.history.v1.History;
const historyToFixture = (history: temporal.api.history.v1.IHistory): string =>
  JSON.stringify(
    History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String }),
    null,
    1,
  );
const historyFromFixture = (json: string): temporal.api.history.v1.History =>
  History.fromObject(JSON.parse(json) as Record<string, unknown>);

(recording ? describe : describe.skip)('recording history fixtures', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  let client: Client;

  beforeAll(async () => {
    stack = await startStack({
      TEMPORAL_PAYLOAD_KEY: FIXTURE_PAYLOAD_KEY,
      WARN_BEFORE: '1s',
      STEP_DUE: '3s',
      ESCALATE_AFTER: '1s',
      ESCALATION_INTERVAL: '1s',
      STAGE_REPORT_EVERY: '2s',
      LOOK_BACK_AFTER: '1s',
    });
    world = await World.create(stack, undefined, { title: '历史记录样本' });
    api = world.api;
    client = stack.app.get(Client);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const dept = (code: 'D1' | 'D2') => world.dept(code);
  const create = (title: string, assigned: boolean, dueInMs = 600 * S, longTerm = false) =>
    world.createFinding(
      assigned
        ? {
            title,
            measures: ['一是…'],
            dept: 'D1',
            leader: 'leader1',
            dueAt: new Date(Date.now() + dueInMs).toISOString(),
            longTerm,
          }
        : { title, measures: ['一是…'] },
    );
  const task = (user: string, id: string, kind: string) =>
    pollUntil(`${user} ${kind}`, () => api.taskFor(user, id, kind), 30 * S);
  const act = async (user: string, id: string, kind: string, body: unknown) => {
    const t = await task(user, id, kind);
    const res = await api.post(`/tasks/${t.id}/complete`, user, body);
    expect(res.status).toBe(200);
    return res.body;
  };
  const level = (id: string, n: number) =>
    pollUntil(
      `level ${n}`,
      async () => (await api.get(`/findings/${id}`, 'office')).body.escalationLevel >= n,
      30 * S,
    );
  const evidence = async (id: string, user = 'dept1') => {
    const up = await api.upload(id, user, '台账.txt', '整改台账');
    const f = (await api.get(`/findings/${id}`, 'office')).body;
    return {
      report: '已整改',
      evidenceIds: [up.body.id],
      measuresDone: f.measures.map((m: any) => m.id),
    };
  };
  const reviews = async (id: string, head = 'dept1head') => {
    await act(head, id, 'review_1', { decision: 'approve' });
    await act('leader1', id, 'review_2', { decision: 'approve' });
    return act('committee', id, 'review_3', { decision: 'approve' });
  };
  const save = async (name: string, id: string, runId?: string) => {
    const history = await client.workflow.getHandle(findingWorkflowId(id), runId).fetchHistory();
    fs.mkdirSync(FIXTURES, { recursive: true });
    fs.writeFileSync(
      path.join(FIXTURES, `${RECORD_AS}-${name}.json`),
      `${historyToFixture(history)}\n`,
    );
  };

  it('records closed, escalated, long-term and reopened findings', async () => {
    // closed: assigned by the office, claims, send-backs at the measures and at review 1, look-back holds.
    const closed = await create('样本：闭环问题', false);
    await act('office', closed, 'assign', {
      responsibleLeaderId: api.userId('leader1'),
      leadDepartmentId: dept('D1'),
      dueAt: new Date(Date.now() + 600 * S).toISOString(),
    });
    const draft = await task('dept1', closed, 'draft_measures');
    await api.post(`/tasks/${draft.id}/claim`, 'dept1');
    await api.post(`/tasks/${draft.id}/release`, 'dept1');
    await act('dept1', closed, 'draft_measures', { measures: [{ text: '一是…' }] });
    await act('leader1', closed, 'approve_measures', { decision: 'reject', comment: '不具体' });
    await act('dept1', closed, 'draft_measures', {
      measures: [{ text: '一是…' }, { text: '二是…' }],
    });
    await act('leader1', closed, 'approve_measures', { decision: 'approve' });
    await act('dept1', closed, 'submit_evidence', await evidence(closed));
    await act('dept1head', closed, 'review_1', { decision: 'reject', comment: '材料不全' });
    await act('dept1', closed, 'submit_evidence', await evidence(closed));
    await reviews(closed);
    await act('supervisor', closed, 'look_back', { outcome: 'holds', comment: '未反弹' });

    // escalated: the whole ladder with urge, accountability, reassign (with a new due time),
    // then a late approval extended, then a late evidence step done while escalated.
    const escalated = await create('样本：督办问题', true, 15 * S);
    await level(escalated, 1);
    await act('supervisor', escalated, 'escalation', { action: 'urge', comment: '请抓紧' });
    await level(escalated, 2);
    await act('supervisor', escalated, 'escalation', { action: 'accountability', comment: '问责' });
    await level(escalated, 3);
    await act('supervisor', escalated, 'escalation', {
      action: 'reassign',
      comment: '改派',
      leadDepartmentId: dept('D2'),
      dueAt: new Date(Date.now() + 5 * S).toISOString(),
    });
    await act('dept2', escalated, 'draft_measures', { measures: [{ text: '一是…' }] });
    await level(escalated, 1);
    await act('supervisor', escalated, 'escalation', {
      action: 'extend',
      comment: '延期',
      dueAt: new Date(Date.now() + 2 * S).toISOString(),
    });
    await act('leader1', escalated, 'approve_measures', { decision: 'approve' });
    const evidenceTask = await task('dept2', escalated, 'submit_evidence');
    await pollUntil(
      'the evidence step to escalate',
      () => api.taskFor('supervisor', escalated, 'escalation'),
      60 * S,
    );
    await api.post(
      `/tasks/${evidenceTask.id}/complete`,
      'dept2',
      await evidence(escalated, 'dept2'),
    );

    // long-term: assigned long-term by the office; a late first report escalates; two reports; closed.
    const longTerm = await create('样本：长期整改', false);
    await act('office', longTerm, 'assign', {
      responsibleLeaderId: api.userId('leader1'),
      leadDepartmentId: dept('D1'),
      dueAt: new Date(Date.now() + 600 * S).toISOString(),
      longTerm: true,
    });
    await act('dept1', longTerm, 'draft_measures', { measures: [{ text: '一是…' }] });
    await act('leader1', longTerm, 'approve_measures', { decision: 'approve' });
    await level(longTerm, 1);
    await act('dept1', longTerm, 'stage_report', { report: '第一阶段' });
    await act('dept1', longTerm, 'stage_report', { report: '第二阶段', finalStage: true });
    await reviews(longTerm);

    // reopened: closed, then a look-back finds a relapse; the first run continues as new.
    const reopened = await create('样本：反弹问题', true);
    await act('dept1', reopened, 'draft_measures', { measures: [{ text: '一是…' }] });
    await act('leader1', reopened, 'approve_measures', { decision: 'approve' });
    await act('dept1', reopened, 'submit_evidence', await evidence(reopened));
    await reviews(reopened);
    const run1 = (await client.workflow.getHandle(findingWorkflowId(reopened)).describe()).runId;
    await act('office', reopened, 'look_back', { outcome: 'relapsed', comment: '反弹回潮' });
    await pollUntil(
      'the second run',
      async () =>
        (await client.workflow.getHandle(findingWorkflowId(reopened)).describe()).runId !== run1,
    );
    await act('dept1', reopened, 'draft_measures', { measures: [{ text: '一是重新整改' }] });
    await act('leader1', reopened, 'approve_measures', { decision: 'approve' });
    const again = await task('dept1', reopened, 'submit_evidence');
    await api.post(`/tasks/${again.id}/claim`, 'dept1');

    // changes (from v5): the office reassigns, moves the deadline (the escalation follows the
    // new one), retitles and finally withdraws the finding.
    let changes: string | null = null;
    if (since(RECORD_AS, LATER_NAMES.changes)) {
      changes = await create('样本：调整问题', true);
      const change = async (verb: string, path: string, body: Record<string, unknown>) => {
        const res = await api.request(verb, `/findings/${changes}${path}`, { as: 'office', body });
        expect(res.status).toBe(200);
      };
      await change('POST', '/reassign', {
        leadDepartmentId: dept('D2'),
        responsibleLeaderId: api.userId('leader2'),
        reason: '职责划转',
      });
      await act('dept2', changes, 'draft_measures', { measures: [{ text: '一是…' }] });
      await act('leader2', changes, 'approve_measures', { decision: 'approve' });
      await task('dept2', changes, 'submit_evidence');
      await change('POST', '/due-date', {
        dueAt: new Date(Date.now() + 3 * S).toISOString(),
        reason: '提前完成',
      });
      await pollUntil(
        'the escalation of the new deadline',
        async () =>
          (await api.get(`/findings/${changes}`, 'office')).body.history.some(
            (h: { action: string; detail: { kind?: string } }) =>
              h.action === 'finding.escalated' && h.detail.kind === 'submit_evidence',
          ),
        30 * S,
      );
      await change('PATCH', '', { title: '样本：调整后的问题', reason: '表述调整' });
      await change('POST', '/withdraw', { reason: '重复问题' });
    }

    // contribute (from v6): assigned with two co-departments, one reports its part with a file;
    // the office takes the other off (its part is cancelled); the lead department returns the
    // assignment; the office assigns it again with a co-department, and withdraws it.
    let contribute: string | null = null;
    if (since(RECORD_AS, LATER_NAMES.contribute)) {
      const id = await create('样本：配合整改', false);
      contribute = id;
      const d3 = world.deptUser(world.dept('D3'));
      await act('office', id, 'assign', {
        responsibleLeaderId: api.userId('leader1'),
        leadDepartmentId: dept('D1'),
        coDepartmentIds: [dept('D2'), world.dept('D3')],
        dueAt: new Date(Date.now() + 600 * S).toISOString(),
      });
      const up = await api.upload(id, 'dept2', '配合材料.txt', '配合整改材料');
      await act('dept2', id, 'contribute', { text: '已完成本部门部分', evidenceIds: [up.body.id] });
      const swap = await api.post(`/findings/${id}/reassign`, 'office', {
        coDepartmentIds: [dept('D2')],
        reason: '配合部门调整',
      });
      expect(swap.status).toBe(200);
      expect(await api.taskFor(d3, id, 'contribute')).toBeUndefined();
      const returned = await api.post(`/findings/${id}/return`, 'dept1', {
        reason: '不属于本部门',
      });
      expect(returned.status).toBe(200);
      await act('office', id, 'assign', {
        responsibleLeaderId: api.userId('leader1'),
        leadDepartmentId: dept('D2'),
        coDepartmentIds: [dept('D1')],
        dueAt: new Date(Date.now() + 600 * S).toISOString(),
      });
      await task('dept1', id, 'contribute');
      const withdrawn = await api.post(`/findings/${id}/withdraw`, 'office', {
        reason: '重复问题',
      });
      expect(withdrawn.status).toBe(200);
    }

    // supervision (from v7): the supervisor orders the lead department to act, returns its first
    // answer, accepts the second; the office nudges a co-department; the finding's steps go on.
    let supervision: string | null = null;
    if (since(RECORD_AS, LATER_NAMES.supervision)) {
      const id = await create('样本：督办单', true);
      supervision = id;
      const issued = await api.post(`/findings/${id}/supervision-orders`, 'supervisor', {
        departmentId: dept('D1'),
        requirement: '请于期限内完成整改并报送落实情况',
        dueAt: new Date(Date.now() + 600 * S).toISOString(),
      });
      expect(issued.status).toBe(201);
      await act('dept1', id, 'draft_measures', { measures: [{ text: '一是…' }] });
      await act('dept1', id, 'supervision_order', { answer: '已办理' });
      await act('supervisor', id, 'supervision_order_review', {
        decision: 'reject',
        comment: '请补充材料',
      });
      await act('dept1', id, 'supervision_order', { answer: '已补充材料' });
      await act('supervisor', id, 'supervision_order_review', { decision: 'approve' });
      const nudged = await api.post(`/findings/${id}/nudges`, 'office', {
        departmentId: dept('D2'),
        text: '请配合办理',
      });
      expect(nudged.status).toBe(201);
      await act('leader1', id, 'approve_measures', { decision: 'approve' });
    }

    // look-back-early (from v8): closed while its look-back is planned a month ahead (the unit's
    // LOOK_BACK_AFTER, set by the inspecting office for this story), the supervisor starts it
    // now; the office finds that the result holds.
    let lookBackEarly: string | null = null;
    if (since(RECORD_AS, LATER_NAMES['look-back-early'])) {
      const units = await api.get('/units', 'xcb');
      const u1 = units.body.items.find((u: { code: string }) => u.code === 'U1');
      const patched = await api.request('PATCH', `/units/${u1.id}`, {
        as: 'xcb',
        body: { settings: { ...u1.settings, timing: { LOOK_BACK_AFTER: '30d' } } },
      });
      expect(patched.status).toBe(200);
      const id = await create('样本：立即回头看', true);
      lookBackEarly = id;
      await act('dept1', id, 'draft_measures', { measures: [{ text: '一是…' }] });
      await act('leader1', id, 'approve_measures', { decision: 'approve' });
      await act('dept1', id, 'submit_evidence', await evidence(id));
      await reviews(id);
      const started = await api.post(`/findings/${id}/look-back`, 'supervisor');
      expect(started.status).toBe(200);
      await act('office', id, 'look_back', { outcome: 'holds', comment: '提前回头看，未反弹' });
    }

    // order-escalated (from v9): the evidence step is under way when the supervisor orders D2 to
    // report; D2 lets the order pass its due time: it climbs two levels, the supervisor extends
    // it from the escalation, it climbs again, D2 answers at last and the supervisor accepts.
    let orderEscalated: string | null = null;
    if (since(RECORD_AS, LATER_NAMES['order-escalated'])) {
      const id = await create('样本：督办单逾期', true);
      orderEscalated = id;
      await act('dept1', id, 'draft_measures', { measures: [{ text: '一是…' }] });
      await act('leader1', id, 'approve_measures', { decision: 'approve' });
      await task('dept1', id, 'submit_evidence');
      const issued = await api.post(`/findings/${id}/supervision-orders`, 'supervisor', {
        departmentId: dept('D2'),
        requirement: '请报送制度修订情况',
        dueAt: new Date(Date.now() + 2 * S).toISOString(),
      });
      expect(issued.status).toBe(201);
      await level(id, 2);
      await act('supervisor', id, 'escalation', {
        action: 'extend',
        comment: '再给两天',
        dueAt: new Date(Date.now() + 2 * S).toISOString(),
      });
      await level(id, 1);
      await act('dept2', id, 'supervision_order', { answer: '已报送' });
      await act('supervisor', id, 'supervision_order_review', { decision: 'approve' });
    }

    await save('closed', closed);
    await save('escalated', escalated);
    await save('long-term', longTerm);
    await save('reopened-run1', reopened, run1);
    await save('reopened-run2', reopened);
    if (changes) await save('changes', changes);
    if (contribute) await save('contribute', contribute);
    if (supervision) await save('supervision', supervision);
    if (lookBackEarly) await save('look-back-early', lookBackEarly);
    if (orderEscalated) await save('order-escalated', orderEscalated);
  });
});

describe('recorded histories replay against the current workflow code', () => {
  const replayAll = async (options: {
    workflowBundle: { code: string };
    sinks?: InjectedSinks<Sinks>;
  }) => {
    const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(
      expect.arrayContaining(EXPECTED),
    );
    const histories = files.map((f) => ({
      workflowId: f.replace(/\.json$/, ''),
      history: historyFromFixture(fs.readFileSync(path.join(FIXTURES, f), 'utf8')),
    }));
    for (const h of histories) expect(h.history.events?.length ?? 0).toBeGreaterThan(20);
    const results: { workflowId: string; error?: unknown }[] = [];
    for await (const result of Worker.runReplayHistories(
      { ...options, dataConverter: { payloadCodecs: [replayCodec] } },
      histories,
    ))
      results.push(result);
    expect(results.map((r) => r.workflowId).sort()).toEqual(
      histories.map((h) => h.workflowId).sort(),
    );
    for (const r of results)
      expect({ workflowId: r.workflowId, error: r.error ? String(r.error) : undefined }).toEqual({
        workflowId: r.workflowId,
        error: undefined,
      });
  };

  // Patch 'baseline-1': a run that starts on the current code records one patch marker, in its
  // first workflow task, and no step of it records another.
  it('records one patch marker per run from v11 on, in its first workflow task', () => {
    const fromV11 = fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.json') && since(f.split('-')[0], 'v11'));
    expect(fromV11.length).toBeGreaterThanOrEqual(NAMES.length);
    for (const f of fromV11) {
      const { events = [] } = historyFromFixture(fs.readFileSync(path.join(FIXTURES, f), 'utf8'));
      const firstTaskDone = events.find((e) => e.workflowTaskCompletedEventAttributes)?.eventId;
      const patches = events.flatMap((e) => {
        const m = e.markerRecordedEventAttributes;
        if (m?.markerName !== 'core_patch') return [];
        const data = m.details?.['patch-data']?.payloads?.[0]?.data;
        const { id } = JSON.parse(Buffer.from(data ?? []).toString()) as { id: string };
        return [{ id, task: String(m.workflowTaskCompletedEventId) }];
      });
      expect({ f, patches }).toEqual({
        f,
        patches: [{ id: 'baseline-1', task: String(firstTaskDone) }],
      });
    }
  });

  it('replays every fixture without a nondeterminism error', async () => {
    await replayAll({ workflowBundle: workflowBundle() });
  });

  // A worker with tracing configured runs the bundle with OpenTelemetry's workflow interceptors
  // (spans for the run, each Update and each activity): findings recorded without them must
  // replay unchanged under them.
  it('replays every fixture with the tracing interceptors in the bundle', async () => {
    const traced = await bundleWorkflows({ traced: true });
    expect(traced.code).toContain('OpenTelemetryInboundInterceptor');
    expect(workflowBundle().code).not.toContain('OpenTelemetryInboundInterceptor');
    const exporter = new InMemorySpanExporter();
    await replayAll({
      workflowBundle: { code: traced.code },
      sinks: {
        exporter: makeWorkflowExporter(new SimpleSpanProcessor(exporter), Resource.default()),
      },
    });
  });
});
