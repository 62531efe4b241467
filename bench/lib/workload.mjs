// The work the import and action figures measure, shared by the embedded bench and its cluster
// mode (`--cluster`): the same rounds, the same completions, the same floors, whichever stack
// answers. Each function takes the API client and the Temporal client of the stack under test.

import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { runBounded } from './stats.mjs';

/** The number of finding workflows the API starts at once (START_CONCURRENCY), read from its source. */
export function apiStartConcurrency(root) {
  const file = path.join(root, 'apps/api/src/rounds/finding-creation.service.ts');
  const m = /START_CONCURRENCY\s*=\s*(\d+)/.exec(fs.readFileSync(file, 'utf8'));
  return m ? Number(m[1]) : 16;
}

function dueIn(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

function roundSpecs(n, offset) {
  // 10 areas × 5 themes, each finding with two measures, all led by D1 under leader1: they
  // start at draft_measures in the department's inbox. Due dates lie months ahead, so no
  // reminder timer fires while the bench runs.
  return Array.from({ length: n }, (_, i) => ({
    title: `第${offset + i + 1}项：理论学习中心组学习制度执行不到位，专题研讨流于形式`,
    areaTitle: `第${(i % 10) + 1}方面问题`,
    themeTitle: `第${(i % 5) + 1}类问题`,
    measures: ['一是制定年度学习计划并严格执行', '二是每月开展专题学习研讨'],
    dueAt: dueIn(60 + ((offset + i) % 300)),
  }));
}

/**
 * A round of `n` findings: POST /api/rounds/:id/import when the API has it, else /findings one
 * by one, `concurrency` in flight. Returns findings per second from request to answer, or the
 * round's id when `title` is given (a round made for what comes after, not for its rate).
 */
export async function importRound(api, ids, n, offset, concurrency, hasImport, title = null) {
  const round_ = await api.expect(201, 'POST', '/rounds', {
    as: 'office',
    body: { title: title ?? `基准测试第${offset / n + 1}轮`, source: 'inspection' },
  });
  const specs = roundSpecs(n, offset);
  const t0 = performance.now();
  if (hasImport) {
    const areas = new Map();
    for (const s of specs) {
      const area = areas.get(s.areaTitle) ?? new Map();
      areas.set(s.areaTitle, area);
      const theme = area.get(s.themeTitle) ?? [];
      area.set(s.themeTitle, theme);
      theme.push({
        title: s.title,
        measures: s.measures,
        leadDepartmentCode: 'D1',
        responsibleLeaderUsername: 'leader1',
        dueAt: s.dueAt,
      });
    }
    const body = {
      areas: [...areas].map(([title, themes]) => ({
        title,
        themes: [...themes].map(([t, findings]) => ({ title: t, findings })),
      })),
    };
    const answer = await api.expect(201, 'POST', `/rounds/${round_.id}/import`, {
      as: 'office',
      body,
    });
    if (answer.findingIds?.length !== n)
      throw new Error(`import answered ${answer.findingIds?.length} finding ids, not ${n}`);
  } else {
    await runBounded(specs, concurrency, (s) =>
      api.expect(201, 'POST', `/rounds/${round_.id}/findings`, {
        as: 'office',
        body: { ...s, leadDepartmentId: ids.d1, responsibleLeaderId: ids.leader1 },
      }),
    );
  }
  const rate = n / ((performance.now() - t0) / 1000);
  return title === null ? rate : round_.id;
}

/** Whether the API has POST /rounds/:id/import (a dry run on a round that does not exist). */
export async function hasImportEndpoint(api) {
  const probe = await api.request(
    'POST',
    `/rounds/00000000-0000-4000-8000-000000000000/import?dryRun=true`,
    { as: 'office', body: { areas: [] } },
  );
  return probe.status !== 404 || !/Cannot POST/.test(JSON.stringify(probe.body));
}

/** The import floor: bare starts of the trivial workflow per second, `concurrency` in flight. */
export async function startFloorRate(temporalClient, n, concurrency, taskQueue) {
  const t0 = performance.now();
  const stamp = Date.now();
  await runBounded(
    Array.from({ length: n }, (_, i) => i),
    concurrency,
    (i) =>
      temporalClient.workflow.start('trivialWorkflow', {
        taskQueue,
        workflowId: `floor-start-${stamp}-${i}`,
      }),
  );
  return n / ((performance.now() - t0) / 1000);
}

/**
 * Import rounds, each just after a burst of bare starts, and one more burst after them. The
 * better round is set against the best burst: one burst (or round) is at the mercy of whatever
 * else the machine does that second, and taking the best of each side alike keeps the ratio
 * about the parts, not about that second. `wrap` guards each step (a crashed child, a deadline).
 * @returns {Promise<{ measured: number[], floors: number[] }>}
 */
export async function importAgainstFloor(
  { api, temporalClient, ids, trivialQueue, concurrency, hasImport, log, wrap = (p) => p },
  { rounds, size, offset },
) {
  const floors = [];
  const measured = [];
  for (let k = 0; k < rounds; k++) {
    log(`floor: ${size} bare workflow starts, ${concurrency} in flight…`);
    floors.push(
      await wrap(startFloorRate(temporalClient, size, concurrency, trivialQueue), 'import floor'),
    );
    log(`importing round ${k + 1} (${size} findings)…`);
    measured.push(
      await wrap(importRound(api, ids, size, offset + k * size, concurrency, hasImport), 'import'),
    );
  }
  log(`floor again: ${size} bare workflow starts…`);
  floors.push(
    await wrap(startFloorRate(temporalClient, size, concurrency, trivialQueue), 'import floor'),
  );
  return { measured, floors };
}

/** A person's time between opening a task's page and pressing its button (they read, they write). */
export const FORM_PAUSE_MS = 300;

/**
 * `k` draft_measures completions by dept1, then the `k` approve_measures they opened by
 * leader1, each followed by one `executeUpdate` on a trivial workflow (the floor), after one
 * of each not counted. The drafts act on findings imported minutes before among thousands (no
 * longer in the worker's cache), the approvals on the findings just drafted (still cached):
 * both kinds of step a working day has. Each step is taken as the web app takes it: the task's
 * page is read first (`GET /findings/:id`, which has the worker load the finding: "Prefetch" in
 * BENCH.md), then FORM_PAUSE_MS for the form, then the timed `POST /tasks/:id/complete`.
 * `coldDraftMs`: `k` more drafts on other findings with no page read first, replayed at the
 * step (what a step costs a client that does not read the finding before it acts).
 * @returns {Promise<{ actionMs: number[], draftMs: number[], approveMs: number[], coldDraftMs: number[], openMs: number[], floorMs: number[] }>}
 */
export async function actionFigures(api, temporalClient, trivialQueue, k) {
  const page = await api.expect(200, 'GET', `/inbox?kind=draft_measures&pageSize=500`, {
    as: 'dept1',
  });
  const drafts = page.items.slice(0, k);
  const coldDrafts = page.items.slice(k, 2 * k);
  if (coldDrafts.length < k)
    throw new Error(`dept1 has only ${page.items.length} draft_measures tasks (${2 * k} needed)`);

  let floorHandle = null;
  let floorUses = 0;
  const ping = async (i) => {
    // A run takes at most 2,000 updates: a fresh trivial workflow every 500.
    if (!floorHandle || floorUses >= 500) {
      floorHandle = await temporalClient.workflow.start('trivialWorkflow', {
        taskQueue: trivialQueue,
        workflowId: `floor-update-${Date.now()}-${i}`,
      });
      floorUses = 0;
      await floorHandle.executeUpdate('ping', { args: [0] }); // first task, not timed
    }
    floorUses += 1;
    const t0 = performance.now();
    const answer = await floorHandle.executeUpdate('ping', { args: [i] });
    const ms = performance.now() - t0;
    if (answer !== i) throw new Error(`the trivial update answered ${answer}, not ${i}`);
    return ms;
  };
  const findingIds = [];
  const openMs = [];
  const act = async (as, task, body, nextKind, { open = true } = {}) => {
    if (open) {
      const { ms } = await api.expectTimed(200, 'GET', `/findings/${task.findingId}`, {
        as,
        parse: false,
      });
      openMs.push(ms);
      await sleep(FORM_PAUSE_MS);
    }
    const { body: answer, ms } = await api.expectTimed(200, 'POST', `/tasks/${task.id}/complete`, {
      as,
      body,
    });
    const next = answer.finding?.openTasks?.find((t) => t.kind === nextKind);
    if (!next) throw new Error(`completing ${task.id} answered without an open ${nextKind} task`);
    if (open && nextKind === 'approve_measures') findingIds.push(answer.finding.id);
    return { ms, next };
  };
  const plan = {
    measures: [{ text: '一是制定年度学习计划并严格执行' }, { text: '二是每月开展专题学习研讨' }],
  };

  const actionMs = [];
  const floorMs = [];
  // Warm-up outside the figures: one update.
  await ping(-1);
  let i = 0;
  // Context first: steps with no page read before them (replayed at the step), each followed by
  // a floor update as the figures' steps are, so that the row compares with theirs; those
  // floors are not counted.
  const coldDraftMs = [];
  for (const t of coldDrafts) {
    coldDraftMs.push((await act('dept1', t, plan, 'approve_measures', { open: false })).ms);
    await ping(i++);
  }
  const approvals = [];
  const draftMs = [];
  const approveMs = [];
  for (const t of drafts) {
    const { ms, next } = await act('dept1', t, plan, 'approve_measures');
    actionMs.push(ms);
    draftMs.push(ms);
    approvals.push(next);
    floorMs.push(await ping(i++));
  }
  for (const t of approvals) {
    const { ms } = await act('leader1', t, { decision: 'approve' }, 'submit_evidence');
    actionMs.push(ms);
    approveMs.push(ms);
    floorMs.push(await ping(i++));
  }
  return {
    actionMs,
    draftMs,
    approveMs,
    coldDraftMs,
    openMs,
    floorMs,
    ...(await stepWorkflowTasks(temporalClient, findingIds)),
  };
}

const eventMs = (e) => Number(e.eventTime.seconds) * 1000 + e.eventTime.nanos / 1e6;

/**
 * Where a step's time went, read after the timed steps from each finding's history: for its
 * last two updates (the draft, then the approval), the workflow task that accepted each, as
 * the server's event times give it. `dispatch`: scheduled to started (the server handing the
 * task to the worker); `worker`: started to completed (the worker's poll answer to its
 * completion: fetching the history and replaying it when the finding had left the cache, the
 * update, its local projection).
 */
async function stepWorkflowTasks(temporalClient, findingIds) {
  const out = { draftTask: [], approveTask: [] };
  for (const id of findingIds) {
    const { events } = await temporalClient.workflow.getHandle(`finding-${id}`).fetchHistory();
    const tasks = [];
    events.forEach((e, i) => {
      if (!e.workflowExecutionUpdateAcceptedEventAttributes) return;
      const completed = events[i - 1]?.workflowTaskCompletedEventAttributes;
      if (!completed) return;
      const byId = (eventId) => events.find((x) => Number(x.eventId) === Number(eventId));
      const started = byId(completed.startedEventId);
      const scheduled = byId(completed.scheduledEventId);
      tasks.push({
        dispatchMs: eventMs(started) - eventMs(scheduled),
        workerMs: eventMs(events[i - 1]) - eventMs(started),
      });
    });
    if (tasks.length < 2) throw new Error(`finding ${id}: ${tasks.length} accepted updates`);
    out.draftTask.push(tasks[tasks.length - 2]);
    out.approveTask.push(tasks[tasks.length - 1]);
  }
  return out;
}
