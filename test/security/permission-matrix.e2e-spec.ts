import { Workbook } from 'exceljs';
import { AuditEventEntity, NotificationEntity, TaskEntity } from '@rectiflow/persistence';
import { startStack, type TestStack } from '../support/stack';
import { servedRoutes } from './support/routes';
import { expiredToken, forgedToken } from './support/tokens';
import { World } from '../support/world';

/**
 * Every route the API serves × every demo role (and a department that is not the finding's,
 * no token, an expired token, a forged token) → the status it must answer, from one table.
 * The routes come from the running app, so an endpoint added without a row fails here.
 */

const USERS = [
  'office',
  'committee',
  'leader1',
  'leader2',
  'supervisor',
  'inspector',
  'dept1',
  'dept1head',
  'dept2',
  'dept2head',
  // Another unit's office, and the inspecting office (no unit).
  'u2office',
  'xcb',
] as const;
const NO_ACCESS = ['anonymous', 'expired', 'forged'] as const;
const CALLERS = [...USERS, ...NO_ACCESS];
type User = (typeof USERS)[number];
type Caller = (typeof CALLERS)[number];
type Expect = Record<Caller, number>;

/** A public route: the same status for everyone, token or not. */
const anyone = (status: number): Expect =>
  Object.fromEntries(CALLERS.map((c) => [c, status])) as Expect;

/** Signed-in users get `allowed[user]` or `otherwise`; no valid token is always 401. */
function users(allowed: Partial<Record<User, number>>, otherwise = 403): Expect {
  const e = anyone(401);
  for (const u of USERS) e[u] = allowed[u] ?? otherwise;
  return e;
}
const everyUser = (status: number) => users({}, status);
/** Unit U1's organisation-wide roles (the fixtures are U1's). */
const ORG_WIDE: User[] = ['office', 'committee', 'leader1', 'leader2', 'supervisor', 'inspector'];
/** What belongs to unit U1: another unit's people get 404, whatever they are. */
const ofU1 = (e: Expect): Expect => ({ ...e, u2office: 404 });
/** U1's organisation-wide roles, the finding's own department (D1) and the inspecting side. */
const d1Finding = (status: number) =>
  ofU1(
    users(Object.fromEntries([...ORG_WIDE, 'dept1', 'dept1head', 'xcb'].map((u) => [u, status]))),
  );

interface Fixtures {
  world: World;
  roundId: string;
  /** A D1 finding at draft_measures: its open task is the claim/complete target. */
  findingA: string;
  taskA: string;
  /** Another D1 draft_measures task, kept claimed by dept1: the release target. */
  taskB: string;
  evidenceA: string;
  /** A fresh, unsubmitted file dept1 uploaded to findingA: the withdrawal target. */
  withdrawable: string;
  /** A notification addressed to dept1. */
  noticeOfDept1: string;
  /** A saved inbox view of the office's: the target of the deletion. */
  officeView: string;
  /** A file dept1 uploaded for a comment on findingA. */
  commentFile: string;
  /** A file the supervisor uploaded and a 约谈 record about findingA carries. */
  recordFile: string;
  units: Record<string, string>;
  /** A batch over U1 and U2, and the path of a file of U1's evaluation in it. */
  batchId: string;
  evaluationFile: string;
  /** leader2's display name as it is. */
  leader2Name: string;
  /** A person of U1 nobody signs in as: the target of password resets and unlocks. */
  spareUserId: string;
  /** Department D2 of U1. */
  d2: string;
  /**
   * A D1 finding the office withdrew: the target of the changes on a running finding, which
   * the office may send (409, as it is withdrawn) and nobody else.
   */
  withdrawn: string;
  /** A 专题会议 of U1's office. */
  meetingId: string;
  /** The public address of U1's round's publication. */
  publicSlug: string;
  /** An outcome the office recorded on findingA: the target of the removal. */
  outcomeA?: string;
}

interface Call {
  path: string;
  body?: unknown;
  form?: FormData;
}

interface Row {
  route: string;
  expect: Expect;
  call: (f: Fixtures) => Call;
  /** Puts the target back into the state the row expects (before each caller). */
  before?: (f: Fixtures) => Promise<void>;
}

const NOBODY_TASK = '00000000-0000-4000-8000-000000000000';

let unique = 0;
const commentFileForm = () => {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(`附件 ${unique++}\n`)]), '附件.txt');
  return form;
};
/** A file the supervisor uploads and a 约谈 record about `findingId` then carries. */
async function recordFile(world: World, findingId: string): Promise<string> {
  const file = await world.api.request('POST', '/supervision/record-files', {
    as: 'supervisor',
    raw: commentFileForm(),
  });
  const record = await world.api.post('/supervision/records', 'supervisor', {
    kind: 'talk',
    occurredOn: '2026-01-05',
    findingIds: [findingId],
    subject: '矩阵测试对象',
    heldBy: '矩阵测试',
    fileIds: [file.body.id],
  });
  if (record.status !== 201) throw new Error(`record with a file: ${record.status}`);
  return file.body.id as string;
}
const evidenceForm = () => {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(`台账 ${unique++}\n`)]), '台账.txt');
  form.append('kind', 'ledger');
  return form;
};

// The API's own description (Swagger UI and the OpenAPI document) is public, as in any API.
const SWAGGER = [
  '/api/docs',
  '/api/docs/',
  '/api/docs-json',
  '/api/docs-yaml',
  '/api/docs/index.html',
  '/api/docs/swagger-ui-init.js',
  '/api/docs/docs/swagger-ui-init.js',
];

const evaluationForm = (f: Fixtures) => {
  const form = new FormData();
  form.append('unitId', f.units.U1);
  form.append('rating', '较好');
  form.append('note', '矩阵测试');
  form.append('files', new Blob([Buffer.from(`评估 ${unique++}`)]), '评估.txt');
  return form;
};

const ROWS: Row[] = [
  { route: 'GET /api/health', expect: anyone(200), call: () => ({ path: '/api/health' }) },
  // The login page's list of demo accounts: only where the demo is seeded (never in production).
  {
    route: 'GET /api/public/settings',
    expect: anyone(200),
    call: () => ({ path: '/api/public/settings' }),
  },
  {
    route: 'GET /api/public/demo-users',
    expect: anyone(200),
    call: () => ({ path: '/api/public/demo-users' }),
  },
  {
    // 意见建议 without sign-in, token or not (the whole flow: test/e2e/public-comments); nothing
    // is published under this slug.
    route: 'POST /api/public/rounds/:slug/comments',
    expect: anyone(404),
    call: () => ({ path: '/api/public/rounds/no-such-slug/comments', body: { text: '矩阵' } }),
  },
  {
    route: 'GET /api/public/rounds/:slug/findings',
    expect: anyone(404),
    call: () => ({ path: '/api/public/rounds/no-such-slug/findings' }),
  },
  {
    route: 'GET /api/public/comments/:receiptCode',
    expect: anyone(404),
    call: () => ({ path: '/api/public/comments/ABCDEFGHJKMN' }),
  },
  {
    route: 'POST /api/auth/login',
    expect: anyone(200),
    call: () => ({ path: '/api/auth/login', body: { username: 'inspector', password: 'demo' } }),
  },
  // The login page asks which ways to sign in there are.
  {
    route: 'GET /api/auth/providers',
    expect: anyone(200),
    call: () => ({ path: '/api/auth/providers' }),
  },
  // Single sign-on's browser steps: redirects for anyone (here it is off: back to the login page).
  {
    route: 'GET /api/auth/oidc/start',
    expect: anyone(302),
    call: () => ({ path: '/api/auth/oidc/start' }),
  },
  {
    route: 'GET /api/auth/oidc/callback',
    expect: anyone(302),
    call: () => ({ path: '/api/auth/oidc/callback?code=x&state=y' }),
  },
  { route: 'GET /api/me', expect: everyUser(200), call: () => ({ path: '/api/me' }) },
  {
    route: 'GET /api/departments',
    expect: everyUser(200),
    call: () => ({ path: '/api/departments' }),
  },
  {
    // The inspecting office names the unit (400 without one); U2's office adds to U2.
    route: 'POST /api/departments',
    expect: users({ office: 201, u2office: 201, xcb: 400 }),
    call: () => ({
      path: '/api/departments',
      body: { code: `M${unique++}`, name: '矩阵测试部门' },
    }),
  },
  { route: 'GET /api/users', expect: everyUser(200), call: () => ({ path: '/api/users' }) },
  {
    // The inspecting office's new person is of the inspecting side (an inspector is allowed).
    route: 'POST /api/users',
    expect: users({ office: 201, u2office: 201, xcb: 201 }),
    call: () => ({
      path: '/api/users',
      body: {
        username: `matrix${unique++}`,
        displayName: '矩阵测试',
        password: 'a-long-password',
        roles: ['inspector'],
      },
    }),
  },
  {
    // leader2 (unit U1) renamed to the name it has: nothing changes, its tokens stay valid.
    route: 'PATCH /api/users/:id',
    expect: ofU1(users({ office: 200, xcb: 200 })),
    call: (f) => ({
      path: `/api/users/${f.world.api.userId('leader2')}`,
      body: { displayName: f.leader2Name },
    }),
  },
  {
    route: 'GET /api/users/:id',
    expect: ofU1(everyUser(200)),
    call: (f) => ({ path: `/api/users/${f.world.api.userId('leader2')}` }),
  },
  {
    // The spare person gets a new temporary password (its tokens go; nobody uses them).
    route: 'POST /api/users/:id/reset-password',
    expect: ofU1(users({ office: 200, xcb: 200 })),
    call: (f) => ({ path: `/api/users/${f.spareUserId}/reset-password` }),
  },
  {
    route: 'POST /api/users/:id/unlock',
    expect: ofU1(users({ office: 200, xcb: 200 })),
    call: (f) => ({ path: `/api/users/${f.spareUserId}/unlock` }),
  },
  {
    // leader2 oversees nothing and is set to oversee nothing: nothing changes.
    route: 'PUT /api/users/:id/oversees',
    expect: ofU1(users({ office: 200, xcb: 200 })),
    call: (f) => ({
      path: `/api/users/${f.world.api.userId('leader2')}/oversees`,
      body: { departmentIds: [] },
    }),
  },
  {
    // An empty change: each caller that may change D2 reaches the route and nothing changes.
    route: 'PATCH /api/departments/:id',
    expect: ofU1(users({ office: 200, xcb: 200 })),
    call: (f) => ({ path: `/api/departments/${f.d2}`, body: {} }),
  },
  {
    route: 'GET /api/departments/:id/overseers',
    expect: ofU1(everyUser(200)),
    call: (f) => ({ path: `/api/departments/${f.d2}/overseers` }),
  },
  {
    // A wrong current password: each caller reaches the route and nothing changes.
    route: 'POST /api/me/password',
    expect: everyUser(400),
    call: () => ({
      path: '/api/me/password',
      body: { currentPassword: 'not-the-password', newPassword: 'a-new-password' },
    }),
  },
  {
    route: 'POST /api/rounds',
    expect: users({ office: 201, u2office: 201, xcb: 400 }),
    call: () => ({ path: '/api/rounds', body: { title: '矩阵测试轮次', source: 'self' } }),
  },
  { route: 'GET /api/rounds', expect: everyUser(200), call: () => ({ path: '/api/rounds' }) },
  {
    route: 'GET /api/rounds/:id',
    expect: ofU1(everyUser(200)),
    call: (f) => ({ path: `/api/rounds/${f.roundId}` }),
  },
  {
    route: 'POST /api/rounds/:id/findings',
    expect: ofU1(users({ office: 201, xcb: 201 })),
    call: (f) => ({ path: `/api/rounds/${f.roundId}/findings`, body: { title: '矩阵测试问题' } }),
  },
  {
    // Nothing awaits assignment under a made-up id: 200 with it listed as failed, changing nothing.
    route: 'POST /api/rounds/:id/assign',
    expect: ofU1(users({ office: 200 })),
    call: (f) => ({
      path: `/api/rounds/${f.roundId}/assign`,
      body: {
        findingIds: ['00000000-0000-4000-8000-000000000000'],
        responsibleLeaderId: f.world.api.userId('leader1'),
        leadDepartmentId: f.world.dept('D1'),
        dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      },
    }),
  },
  {
    // A dry run: parses and answers without creating anything.
    route: 'POST /api/rounds/:id/import',
    expect: ofU1(users({ office: 200, xcb: 200 })),
    call: (f) => ({
      path: `/api/rounds/${f.roundId}/import?dryRun=true`,
      body: {
        areas: [
          {
            title: '聚焦矩阵方面',
            themes: [{ title: '主题', findings: [{ title: '矩阵导入问题' }] }],
          },
        ],
      },
    }),
  },
  {
    // Department staff get their own department's rows (checked below).
    route: 'GET /api/rounds/:id/ledger.xlsx',
    expect: ofU1(everyUser(200)),
    call: (f) => ({ path: `/api/rounds/${f.roundId}/ledger.xlsx` }),
  },
  {
    // The whole round's report names every finding: organisation-wide roles only.
    route: 'GET /api/rounds/:id/report',
    expect: ofU1(users(Object.fromEntries([...ORG_WIDE, 'xcb'].map((u) => [u, 200])))),
    call: (f) => ({ path: `/api/rounds/${f.roundId}/report?format=md` }),
  },
  {
    // 公开: the unit's office publishes its round's public report.
    route: 'POST /api/rounds/:id/publish',
    expect: ofU1(users({ office: 201 })),
    call: (f) => ({
      path: `/api/rounds/${f.roundId}/publish`,
      body: { from: '2026-12-01', to: '2026-12-15' },
    }),
  },
  {
    route: 'GET /api/rounds/:id/publications',
    expect: ofU1(users(Object.fromEntries([...ORG_WIDE, 'xcb'].map((u) => [u, 200])))),
    call: (f) => ({ path: `/api/rounds/${f.roundId}/publications` }),
  },
  // The public page's data: anyone, token or not (a bad token is not looked at).
  {
    route: 'GET /api/public/rounds/:slug',
    expect: anyone(200),
    call: (f) => ({ path: `/api/public/rounds/${f.publicSlug}` }),
  },
  {
    // 不予公开 is the office's decision.
    route: 'PUT /api/findings/:id/disclosure',
    expect: ofU1(users({ office: 200 })),
    call: (f) => ({ path: `/api/findings/${f.findingA}/disclosure`, body: { withheld: false } }),
  },
  {
    route: 'GET /api/import-template.xlsx',
    expect: users({ office: 200, u2office: 200, xcb: 200 }),
    call: () => ({ path: '/api/import-template.xlsx' }),
  },
  { route: 'GET /api/dashboard', expect: everyUser(200), call: () => ({ path: '/api/dashboard' }) },
  {
    route: 'GET /api/dashboard/trend',
    expect: everyUser(200),
    call: () => ({ path: '/api/dashboard/trend' }),
  },
  {
    // 督办台账: the watching roles of a unit, and the inspecting side.
    route: 'GET /api/supervision',
    expect: users(
      Object.fromEntries(
        ['office', 'committee', 'supervisor', 'inspector', 'u2office', 'xcb'].map((u) => [u, 200]),
      ),
    ),
    call: () => ({ path: '/api/supervision' }),
  },
  {
    route: 'GET /api/supervision.xlsx',
    expect: users(
      Object.fromEntries(
        ['office', 'committee', 'supervisor', 'inspector', 'u2office', 'xcb'].map((u) => [u, 200]),
      ),
    ),
    call: () => ({ path: '/api/supervision.xlsx' }),
  },
  {
    // 约谈 and 问责 records: the supervisor writes them, the watching roles read them.
    route: 'POST /api/supervision/records',
    expect: users({ supervisor: 201 }),
    call: (f) => ({
      path: '/api/supervision/records',
      body: {
        kind: 'talk',
        occurredOn: '2026-01-05',
        findingIds: [f.findingA],
        subject: '矩阵测试对象',
        heldBy: '矩阵测试',
      },
    }),
  },
  {
    route: 'POST /api/supervision/record-files',
    expect: users({ supervisor: 201 }),
    call: () => ({ path: '/api/supervision/record-files', form: commentFileForm() }),
  },
  {
    // A record's file: whoever reads the record (U1's records: not another unit's office).
    route: 'GET /api/supervision/record-files/:id',
    expect: ofU1(
      users(
        Object.fromEntries(
          ['office', 'committee', 'supervisor', 'inspector', 'xcb'].map((u) => [u, 200]),
        ),
      ),
    ),
    call: (f) => ({ path: `/api/supervision/record-files/${f.recordFile}` }),
  },
  {
    route: 'GET /api/supervision/records',
    expect: users(
      Object.fromEntries(
        ['office', 'committee', 'supervisor', 'inspector', 'u2office', 'xcb'].map((u) => [u, 200]),
      ),
    ),
    call: () => ({ path: '/api/supervision/records' }),
  },
  {
    route: 'GET /api/supervision/records.xlsx',
    expect: users(
      Object.fromEntries(
        ['office', 'committee', 'supervisor', 'inspector', 'u2office', 'xcb'].map((u) => [u, 200]),
      ),
    ),
    call: () => ({ path: '/api/supervision/records.xlsx' }),
  },
  {
    // 绩效考核: the watching roles and the inspecting side; a department reads its own row.
    route: 'GET /api/scorecard',
    expect: users({ leader1: 403, leader2: 403 }, 200),
    call: () => ({ path: '/api/scorecard' }),
  },
  {
    route: 'GET /api/scorecard.xlsx',
    expect: users({ leader1: 403, leader2: 403 }, 200),
    call: () => ({ path: '/api/scorecard.xlsx' }),
  },
  // 专题会议: the office of a unit holds them; its office and committee read them.
  {
    route: 'POST /api/meetings',
    expect: users({ office: 201, u2office: 201 }),
    call: () => ({ path: '/api/meetings', body: { heldOn: '2026-12-02', title: '矩阵' } }),
  },
  {
    route: 'GET /api/meetings',
    expect: users({ office: 200, committee: 200, u2office: 200 }),
    call: () => ({ path: '/api/meetings' }),
  },
  {
    route: 'GET /api/meetings/:id',
    expect: ofU1(users({ office: 200, committee: 200 })),
    call: (f) => ({ path: `/api/meetings/${f.meetingId}` }),
  },
  {
    route: 'GET /api/meetings/:id/pack.docx',
    expect: ofU1(users({ office: 200, committee: 200 })),
    call: (f) => ({ path: `/api/meetings/${f.meetingId}/pack.docx` }),
  },
  {
    // A decision on the withdrawn finding: the office gets as far as the refusal (409).
    route: 'POST /api/meetings/:id/decisions',
    expect: ofU1(users({ office: 409 })),
    call: (f) => ({
      path: `/api/meetings/${f.meetingId}/decisions`,
      body: {
        decisions: [
          {
            findingId: f.withdrawn,
            decision: 'extend',
            dueAt: new Date(Date.now() + 40 * 86_400_000).toISOString(),
          },
        ],
      },
    }),
  },
  { route: 'GET /api/findings', expect: everyUser(200), call: () => ({ path: '/api/findings' }) },
  {
    route: 'GET /api/findings/:id',
    expect: d1Finding(200),
    call: (f) => ({ path: `/api/findings/${f.findingA}` }),
  },
  { route: 'GET /api/inbox', expect: everyUser(200), call: () => ({ path: '/api/inbox' }) },
  {
    route: 'GET /api/inbox/counts',
    expect: everyUser(200),
    call: () => ({ path: '/api/inbox/counts' }),
  },
  {
    // Only D1's staff may take D1's draft; dept1's claim is released again before the next caller.
    route: 'POST /api/tasks/:id/claim',
    expect: ofU1(users({ dept1: 200 })),
    call: (f) => ({ path: `/api/tasks/${f.taskA}/claim` }),
    before: (f) => ensureStatus(f, f.taskA, 'open'),
  },
  {
    // The claimant, or U1's office handing dept1's claim back to the pool.
    route: 'POST /api/tasks/:id/release',
    expect: ofU1(users({ dept1: 200, office: 200 })),
    call: (f) => ({ path: `/api/tasks/${f.taskB}/release` }),
    before: (f) => ensureStatus(f, f.taskB, 'claimed'),
  },
  {
    // Nothing under a made-up id: 200 with it listed as failed, changing nothing. Each task is
    // claimed as one by one (the rules of the row above apply per task).
    route: 'POST /api/tasks/claim',
    expect: everyUser(200),
    call: () => ({ path: '/api/tasks/claim', body: { taskIds: [NOBODY_TASK] } }),
  },
  {
    // Only leaders approve measure plans; nothing under a made-up id, so nothing changes.
    route: 'POST /api/tasks/approve',
    expect: users({ leader1: 200, leader2: 200 }),
    call: () => ({ path: '/api/tasks/approve', body: { taskIds: [NOBODY_TASK] } }),
  },
  {
    // Who may act on D1's draft task saves its draft; nobody else.
    route: 'PUT /api/tasks/:id/draft',
    expect: ofU1(users({ dept1: 200 })),
    call: (f) => ({
      path: `/api/tasks/${f.taskA}/draft`,
      body: { body: { measures: [{ text: '矩阵草稿' }] } },
    }),
    before: (f) => ensureStatus(f, f.taskA, 'open'),
  },
  {
    route: 'GET /api/tasks/:id/draft',
    expect: ofU1(users({ dept1: 200 })),
    call: (f) => ({ path: `/api/tasks/${f.taskA}/draft` }),
    before: async (f) => {
      await ensureStatus(f, f.taskA, 'open');
      const res = await f.world.api.request('PUT', `/tasks/${f.taskA}/draft`, {
        as: 'dept1',
        body: { body: { measures: [{ text: '矩阵草稿' }] } },
      });
      if (res.status !== 200) throw new Error(`draft: ${res.status} ${JSON.stringify(res.body)}`);
    },
  },
  {
    // An empty body: the one who may act learns what is missing (400); nobody else gets that far.
    route: 'POST /api/tasks/:id/complete',
    expect: ofU1(users({ dept1: 400 })),
    call: (f) => ({ path: `/api/tasks/${f.taskA}/complete`, body: {} }),
    before: (f) => ensureStatus(f, f.taskA, 'open'),
  },
  {
    // A public comment with its contact: the office only (of its unit; none has this id).
    route: 'GET /api/public-comments/:id',
    expect: users({ office: 404, u2office: 404 }),
    call: () => ({ path: `/api/public-comments/${NOBODY_TASK}` }),
  },
  {
    // Not halted, so the office of its unit gets as far as 409 finding_not_halted (a halted
    // finding's resumption: test/e2e/halted-findings).
    route: 'POST /api/findings/:id/resume',
    expect: ofU1(users({ office: 409 })),
    call: (f) => ({ path: `/api/findings/${f.findingA}/resume` }),
  },
  // The office's changes on a running finding, sent to a withdrawn one: the unit's office gets
  // as far as the workflow's refusal (409); nobody else gets that far.
  {
    // 督办单 and 催办: the supervisor's and the office's, on a running finding of their unit
    // (to its own department D1: an order to D2 would let D2 see the finding).
    route: 'POST /api/findings/:id/supervision-orders',
    expect: ofU1(users({ supervisor: 201, office: 201 })),
    call: (f) => ({
      path: `/api/findings/${f.findingA}/supervision-orders`,
      body: {
        departmentId: f.world.dept('D1'),
        requirement: '矩阵',
        dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
      },
    }),
  },
  {
    route: 'POST /api/findings/:id/nudges',
    expect: ofU1(users({ supervisor: 201, office: 201 })),
    call: (f) => ({ path: `/api/findings/${f.findingA}/nudges`, body: { text: '矩阵' } }),
  },
  {
    // 立即回头看: the supervisor's and office's; findingA runs still (409 finding_not_closed).
    route: 'POST /api/findings/:id/look-back',
    expect: ofU1(users({ supervisor: 409, office: 409 })),
    call: (f) => ({ path: `/api/findings/${f.findingA}/look-back` }),
  },
  {
    // 抽查回头看: more than the round could have waiting (400 naming count), starting nothing.
    route: 'POST /api/rounds/:id/look-back-sample',
    expect: ofU1(users({ supervisor: 400, office: 400 })),
    call: (f) => ({ path: `/api/rounds/${f.roundId}/look-back-sample`, body: { count: 100000 } }),
  },
  {
    route: 'POST /api/findings/:id/reassign',
    expect: ofU1(users({ office: 409 })),
    call: (f) => ({
      path: `/api/findings/${f.withdrawn}/reassign`,
      body: { leadDepartmentId: f.d2, reason: '矩阵' },
    }),
  },
  {
    route: 'POST /api/findings/:id/due-date',
    expect: ofU1(users({ office: 409 })),
    call: (f) => ({
      path: `/api/findings/${f.withdrawn}/due-date`,
      body: { dueAt: new Date(Date.now() + 40 * 86_400_000).toISOString(), reason: '矩阵' },
    }),
  },
  {
    route: 'PATCH /api/findings/:id',
    expect: ofU1(users({ office: 409 })),
    call: (f) => ({
      path: `/api/findings/${f.withdrawn}`,
      body: { title: '矩阵', reason: '矩阵' },
    }),
  },
  {
    route: 'POST /api/findings/:id/withdraw',
    expect: ofU1(users({ office: 409 })),
    call: (f) => ({ path: `/api/findings/${f.withdrawn}/withdraw`, body: { reason: '矩阵' } }),
  },
  {
    // 退回交办 is the lead department's: sent to its withdrawn finding, D1's clerk and head get
    // as far as the refusal (409); another department 403, every other role 403 (@Roles).
    route: 'POST /api/findings/:id/return',
    expect: users({ dept1: 409, dept1head: 409 }),
    call: (f) => ({ path: `/api/findings/${f.withdrawn}/return`, body: { reason: '矩阵' } }),
  },
  {
    route: 'POST /api/findings/:id/evidence',
    expect: ofU1(users({ office: 201, committee: 201, dept1: 201, dept1head: 201 })),
    call: (f) => ({ path: `/api/findings/${f.findingA}/evidence`, form: evidenceForm() }),
  },
  {
    // Only the uploading department withdraws; a fresh upload before each caller.
    route: 'DELETE /api/evidence/:id',
    expect: ofU1(users({ dept1: 204, dept1head: 204 })),
    call: (f) => ({ path: `/api/evidence/${f.withdrawable}` }),
    before: async (f) => {
      f.withdrawable = await f.world.upload(f.findingA, 'dept1');
    },
  },
  {
    route: 'GET /api/evidence/:id',
    expect: d1Finding(200),
    call: (f) => ({ path: `/api/evidence/${f.evidenceA}` }),
  },
  {
    route: 'GET /api/audit',
    expect: users({ office: 200, committee: 200, supervisor: 200, u2office: 200, xcb: 200 }),
    call: () => ({ path: '/api/audit' }),
  },
  {
    route: 'GET /api/audit/verify',
    expect: users({ office: 200, committee: 200, supervisor: 200, u2office: 200, xcb: 200 }),
    call: () => ({ path: '/api/audit/verify' }),
  },
  {
    route: 'GET /api/notifications',
    expect: everyUser(200),
    call: () => ({ path: '/api/notifications' }),
  },
  {
    // Each caller's own notices: nothing of anyone else's changes.
    route: 'POST /api/notifications/read-all',
    expect: everyUser(200),
    call: () => ({ path: '/api/notifications/read-all' }),
  },
  {
    route: 'GET /api/findings/:id/approval-form.docx',
    expect: d1Finding(200),
    call: (f) => ({ path: `/api/findings/${f.findingA}/approval-form.docx` }),
  },
  {
    route: 'GET /api/findings/:id/comments',
    expect: d1Finding(200),
    call: (f) => ({ path: `/api/findings/${f.findingA}/comments` }),
  },
  {
    route: 'POST /api/findings/:id/comments',
    expect: d1Finding(201),
    call: (f) => ({ path: `/api/findings/${f.findingA}/comments`, body: { text: '矩阵测试意见' } }),
  },
  {
    route: 'GET /api/findings/:id/outcomes',
    expect: d1Finding(200),
    call: (f) => ({ path: `/api/findings/${f.findingA}/outcomes` }),
  },
  {
    // The office and the lead department record outcomes; the other organisation-wide roles see them.
    route: 'POST /api/findings/:id/outcomes',
    expect: ofU1(users({ office: 201, dept1: 201, dept1head: 201 })),
    call: (f) => ({
      path: `/api/findings/${f.findingA}/outcomes`,
      body: { kind: 'amount', amountKind: 'returned', amount: '100' },
    }),
  },
  {
    route: 'DELETE /api/findings/:id/outcomes/:outcomeId',
    expect: ofU1(users({ office: 204, dept1: 204, dept1head: 204 })),
    call: (f) => ({ path: `/api/findings/${f.findingA}/outcomes/${f.outcomeA}` }),
    before: async (f) => {
      const res = await f.world.api.post(`/findings/${f.findingA}/outcomes`, 'office', {
        kind: 'people',
        peopleCount: 1,
        peopleKind: '批评教育',
      });
      f.outcomeA = res.body.id;
    },
  },
  {
    route: 'GET /api/me/inbox-views',
    expect: everyUser(200),
    call: () => ({ path: '/api/me/inbox-views' }),
  },
  {
    // Everyone keeps views of their own (a new name each time).
    route: 'POST /api/me/inbox-views',
    expect: everyUser(201),
    call: () => ({
      path: '/api/me/inbox-views',
      body: { name: `矩阵视图 ${unique++}`, filters: {} },
    }),
  },
  {
    // Somebody else's view does not exist for you: only the office deletes the office's.
    route: 'DELETE /api/me/inbox-views/:id',
    expect: users({ office: 204 }, 404),
    call: (f) => ({ path: `/api/me/inbox-views/${f.officeView}` }),
    before: async (f) => {
      // The one left by the caller before (not the office's to delete) goes first.
      if (f.officeView)
        await f.world.api.request('DELETE', `/me/inbox-views/${f.officeView}`, { as: 'office' });
      const res = await f.world.api.post('/me/inbox-views', 'office', {
        name: `矩阵待删视图 ${unique++}`,
        filters: {},
      });
      f.officeView = res.body.id;
    },
  },
  {
    // Whoever may comment on D1's finding may upload a file for a comment.
    route: 'POST /api/findings/:id/comment-files',
    expect: d1Finding(201),
    call: (f) => ({ path: `/api/findings/${f.findingA}/comment-files`, form: commentFileForm() }),
  },
  {
    route: 'GET /api/comment-files/:id',
    expect: d1Finding(200),
    call: (f) => ({ path: `/api/comment-files/${f.commentFile}` }),
  },
  {
    // Somebody else's notice does not exist for you.
    route: 'POST /api/notifications/:id/read',
    expect: users({ dept1: 200 }, 404),
    call: (f) => ({ path: `/api/notifications/${encodeURIComponent(f.noticeOfDept1)}/read` }),
  },
  { route: 'GET /api/units', expect: everyUser(200), call: () => ({ path: '/api/units' }) },
  {
    route: 'GET /api/units/:id',
    expect: ofU1(everyUser(200)),
    call: (f) => ({ path: `/api/units/${f.units.U1}` }),
  },
  {
    route: 'POST /api/units',
    expect: users({ xcb: 201 }),
    call: () => ({ path: '/api/units', body: { name: '矩阵测试单位', code: `MU${unique++}` } }),
  },
  {
    route: 'PATCH /api/units/:id',
    expect: users({ xcb: 200 }),
    call: (f) => ({ path: `/api/units/${f.units.U2}`, body: { active: true } }),
  },
  {
    route: 'POST /api/batches',
    expect: users({ xcb: 201 }),
    call: (f) => ({ path: '/api/batches', body: { title: '矩阵批次', unitIds: [f.units.U1] } }),
  },
  { route: 'GET /api/batches', expect: everyUser(200), call: () => ({ path: '/api/batches' }) },
  {
    route: 'GET /api/batches/:id',
    expect: everyUser(200),
    call: (f) => ({ path: `/api/batches/${f.batchId}` }),
  },
  {
    // Everyone of a unit the batch covers reads the summary (their unit's row only).
    route: 'GET /api/batches/:id/summary',
    expect: everyUser(200),
    call: (f) => ({ path: `/api/batches/${f.batchId}/summary` }),
  },
  {
    // The summary report is the inspecting side's document.
    route: 'GET /api/batches/:id/summary.docx',
    expect: users({ xcb: 200 }),
    call: (f) => ({ path: `/api/batches/${f.batchId}/summary.docx` }),
  },
  {
    route: 'GET /api/batches/:id/evaluations',
    expect: everyUser(200),
    call: (f) => ({ path: `/api/batches/${f.batchId}/evaluations` }),
  },
  {
    route: 'POST /api/batches/:id/evaluations',
    expect: users({ xcb: 201 }),
    call: (f) => ({ path: `/api/batches/${f.batchId}/evaluations`, form: evaluationForm(f) }),
  },
  {
    // U1's evaluation file: U1's people and the inspecting side.
    route: 'GET /api/batches/:id/evaluations/:evaluationId/files/:sha256',
    expect: ofU1(everyUser(200)),
    call: (f) => ({ path: f.evaluationFile }),
  },
  {
    // U1's round: its office and the inspecting office keep its next steps.
    route: 'PATCH /api/rounds/:id',
    expect: ofU1(users({ office: 200, xcb: 200 })),
    call: (f) => ({ path: `/api/rounds/${f.roundId}`, body: { nextSteps: '矩阵：下一步' } }),
  },
  {
    route: 'POST /api/rounds/:id/hand-over',
    expect: users({ xcb: 200 }),
    call: (f) => ({ path: `/api/rounds/${f.roundId}/hand-over` }),
  },
  ...SWAGGER.map((path) => ({ route: `GET ${path}`, expect: anyone(200), call: () => ({ path }) })),
  // Swagger registers the route but has no such file to send.
  {
    route: 'GET /api/docs/LICENSE',
    expect: anyone(404),
    call: () => ({ path: '/api/docs/LICENSE' }),
  },
];

/** Every cell of the round's ledger workbook as seen by a token's holder, joined. */
async function ledgerText(url: string, roundId: string, token: string): Promise<string> {
  const res = await fetch(`${url}/api/rounds/${roundId}/ledger.xlsx`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  const book = new Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  const cells: string[] = [];
  book.eachSheet((sheet) =>
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))),
  );
  return cells.join('\n');
}

async function ensureStatus(
  f: Fixtures,
  taskId: string,
  status: 'open' | 'claimed',
): Promise<void> {
  const task = await f.world.stack.dataSource
    .getRepository(TaskEntity)
    .findOneByOrFail({ id: taskId });
  if (task.status === status) return;
  const action = status === 'open' ? 'release' : 'claim';
  const res = await f.world.api.post(`/tasks/${taskId}/${action}`, 'dept1');
  if (res.status !== 200)
    throw new Error(`could not ${action} ${taskId}: ${res.status} ${JSON.stringify(res.body)}`);
}

describe('permission matrix', () => {
  let stack: TestStack;
  let f: Fixtures;
  const tokens = new Map<Caller, string>();

  beforeAll(async () => {
    stack = await startStack();
    const world = await World.create(stack);
    const findingA = await world.createFinding({ dept: 'D1' });
    const withdrawn = await world.createFinding({ dept: 'D1' });
    const w = await world.api.post(`/findings/${withdrawn}/withdraw`, 'office', {
      reason: '矩阵测试',
    });
    if (w.status !== 200) throw new Error(`withdraw: ${w.status} ${JSON.stringify(w.body)}`);
    const findingB = await world.createFinding({ dept: 'D1' });
    const taskA = (await world.mustTask(findingA, 'draft_measures')).id;
    const taskB = (await world.mustTask(findingB, 'draft_measures')).id;
    const evidenceA = await world.upload(findingA, 'dept1');
    const dept1 = world.api.userId('dept1');
    const notice = await stack.dataSource
      .getRepository(NotificationEntity)
      .findOneByOrFail({ userId: dept1 });
    for (const u of USERS) tokens.set(u, await world.api.token(u));
    const units = Object.fromEntries(
      (await world.api.get('/units', 'xcb')).body.items.map((u: { code: string; id: string }) => [
        u.code,
        u.id,
      ]),
    );
    const batch = await world.api.post('/batches', 'xcb', {
      title: '矩阵测试批次',
      unitIds: [units.U1, units.U2],
    });
    const form = new FormData();
    form.append('unitId', units.U1);
    form.append('rating', '好');
    form.append('note', '');
    form.append('files', new Blob([Buffer.from('评估意见')]), '评估意见.txt');
    const evaluation = await world.api.request('POST', `/batches/${batch.body.id}/evaluations`, {
      as: 'xcb',
      raw: form,
    });
    f = {
      world,
      roundId: world.roundId,
      findingA,
      taskA,
      taskB,
      evidenceA,
      withdrawable: evidenceA,
      noticeOfDept1: notice.id,
      officeView: '',
      commentFile: (
        await world.api.request('POST', `/findings/${findingA}/comment-files`, {
          as: 'dept1',
          raw: commentFileForm(),
        })
      ).body.id,
      recordFile: await recordFile(world, findingA),
      units,
      batchId: batch.body.id,
      evaluationFile: `/api/batches/${batch.body.id}/evaluations/${evaluation.body.id}/files/${evaluation.body.files[0].sha256}`,
      leader2Name: (await world.api.get('/me', 'leader2')).body.displayName,
      spareUserId: (
        await world.api.post('/users', 'office', {
          username: 'matrixspare',
          displayName: '矩阵备用',
          roles: ['committee'],
        })
      ).body.id,
      d2: world.dept('D2'),
      withdrawn,
      meetingId: (
        await world.api.post('/meetings', 'office', { heldOn: '2026-12-01', title: '矩阵专题会议' })
      ).body.id,
      publicSlug: (
        await world.api.post(`/rounds/${world.roundId}/publish`, 'office', {
          from: '2026-12-01',
          to: '2026-12-15',
        })
      ).body.slug,
    };
    const office = world.api.users.get('office');
    const claims = {
      sub: office!.id,
      username: 'office',
      roles: office!.roles,
      departmentId: null,
    };
    tokens.set('expired', await expiredToken(stack.config.jwtSecret, claims));
    tokens.set('forged', await forgedToken(claims));
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('has exactly one row for every route the app serves, and no row for a route it does not', () => {
    const served = servedRoutes(stack.app);
    const rows = ROWS.map((r) => r.route);
    const duplicates = rows.filter((r, i) => rows.indexOf(r) !== i);
    expect({
      withoutRow: served.filter((r) => !rows.includes(r)),
      notServed: rows.filter((r) => !served.includes(r)),
      duplicates,
    }).toEqual({
      withoutRow: [],
      notServed: [],
      duplicates: [],
    });
  });

  it.each(ROWS.map((r) => [r.route, r] as const))('%s', async (_route, row) => {
    const method = row.route.split(' ')[0];
    const mismatches: string[] = [];
    for (const caller of CALLERS) {
      await row.before?.(f);
      const call = row.call(f);
      const headers: Record<string, string> = {};
      const token = tokens.get(caller);
      if (token) headers.authorization = `Bearer ${token}`;
      let body: string | FormData | undefined = call.form;
      if (call.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(call.body);
      }
      // A redirect is the route's answer, not something to follow.
      const res = await fetch(`${stack.url}${call.path}`, {
        method,
        headers,
        body,
        redirect: 'manual',
      });
      const text = await res.text();
      if (res.status !== row.expect[caller]) {
        mismatches.push(
          `${caller}: expected ${row.expect[caller]}, got ${res.status} ${text.slice(0, 160)}`,
        );
      }
    }
    expect(mismatches).toEqual([]);
  });

  describe('a department never sees or touches another department’s work', () => {
    const outsiders = ['dept2', 'dept2head'] as const;

    it('keeps D1’s findings, tasks, evidence and notices from D2', async () => {
      const { world, findingA, taskA, evidenceA } = f;
      const api = world.api;
      await ensureStatus(f, taskA, 'open');
      const title = (await world.finding(findingA)).title;
      for (const u of outsiders) {
        const list = await api.get(`/findings?pageSize=500`, u);
        expect(list.status).toBe(200);
        expect(list.body.items.map((x: { id: string }) => x.id)).not.toContain(findingA);
        const byDept = await api.get(`/findings?departmentId=${world.dept('D1')}`, u);
        expect(byDept.body.total).toBe(0);
        const bySearch = await api.get(`/findings?q=${encodeURIComponent(title)}`, u);
        expect(bySearch.body.total).toBe(0);
        expect((await api.get(`/findings/${findingA}`, u)).status).toBe(403);
        const round = await api.get(`/rounds/${f.roundId}`, u);
        expect(round.body.counts.total).toBe(0);
        const inbox = await api.get('/inbox?pageSize=500', u);
        expect(inbox.body.items.map((t: { findingId: string }) => t.findingId)).not.toContain(
          findingA,
        );
        expect((await api.get('/inbox/counts', u)).body.total).toBe(inbox.body.total);
        expect((await api.post(`/tasks/${taskA}/claim`, u)).status).toBe(403);
        expect(
          (await api.post(`/tasks/${taskA}/complete`, u, { measures: [{ text: '越权' }] })).status,
        ).toBe(403);
        expect((await api.get(`/evidence/${evidenceA}`, u)).status).toBe(403);
        expect((await api.upload(findingA, u, 'x.txt', '越权上传')).status).toBe(403);
        expect((await api.get('/audit', u)).status).toBe(403);
        const mine = await api.get('/notifications?pageSize=500', u);
        expect(mine.body.items.map((n: { findingId: string | null }) => n.findingId)).not.toContain(
          findingA,
        );
        const dashboard = await api.get(`/dashboard?roundId=${f.roundId}`, u);
        expect(dashboard.status).toBe(200);
        expect(dashboard.body.total).toBe(0);
        expect(await ledgerText(stack.url, f.roundId, await api.token(u))).not.toContain(title);
      }
      expect(await ledgerText(stack.url, f.roundId, await api.token('dept1'))).toContain(title);
      // The department itself does see all of it (the checks above can fail).
      expect(
        (await api.get(`/findings?departmentId=${world.dept('D1')}`, 'dept1')).body.total,
      ).toBeGreaterThan(0);
      expect(
        (await api.get('/inbox?pageSize=500', 'dept1')).body.items.map((t: { id: string }) => t.id),
      ).toContain(taskA);
      // Nothing moved on the finding.
      const task = await stack.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: taskA });
      expect(task.status).toBe('open');
    });

    it('lets a co-operating department see the finding but not take the lead department’s steps', async () => {
      const { world } = f;
      const findingC = await world.createFinding();
      await world.step(findingC, ['D3']); // assign: lead D1, co-operating D3
      const draft = await world.mustTask(findingC, 'draft_measures');
      expect((await world.api.get(`/findings/${findingC}`, 'dept3')).status).toBe(200);
      expect(
        (await world.api.upload(findingC, 'dept3', '配合材料.txt', '配合部门材料')).status,
      ).toBe(201);
      expect(
        (
          await world.api.post(`/tasks/${draft.id}/complete`, 'dept3', {
            measures: [{ text: '越权' }],
          })
        ).status,
      ).toBe(403);
      expect((await world.api.get(`/findings/${findingC}`, 'dept2')).status).toBe(403);
    });
  });

  describe('a personal step is its person’s', () => {
    it('keeps leader1’s approval and level-2 review from leader2, who holds the same role', async () => {
      const { world } = f;
      const api = world.api;
      const findingId = await world.createFinding({ dept: 'D1', leader: 'leader1' });
      for (const kind of ['approve_measures', 'review_2'] as const) {
        await world.advance(findingId, kind);
        const task = await world.mustTask(findingId, kind);
        const events = await stack.dataSource
          .getRepository(AuditEventEntity)
          .countBy({ findingId });
        // Not in leader2's inbox, and neither claim nor completion goes through for leader2.
        expect(
          (await api.get('/inbox?pageSize=500', 'leader2')).body.items.map(
            (t: { id: string }) => t.id,
          ),
        ).not.toContain(task.id);
        expect((await api.post(`/tasks/${task.id}/claim`, 'leader2')).status).toBe(403);
        expect(
          (await api.post(`/tasks/${task.id}/complete`, 'leader2', { decision: 'approve' })).status,
        ).toBe(403);
        expect(
          (
            await api.post(`/tasks/${task.id}/complete`, 'leader2', {
              decision: 'reject',
              comment: '越权退回',
            })
          ).status,
        ).toBe(403);
        // Nothing moved or was recorded.
        expect(
          await stack.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: task.id }),
        ).toMatchObject({ status: 'open', assigneeId: null });
        expect(await stack.dataSource.getRepository(AuditEventEntity).countBy({ findingId })).toBe(
          events,
        );
        expect((await world.finding(findingId)).stage).toBe(kind);
        // Its own leader sees and takes it (the refusals above can be told apart).
        expect(
          (await api.get('/inbox?pageSize=500', 'leader1')).body.items.map(
            (t: { id: string }) => t.id,
          ),
        ).toContain(task.id);
      }
      // leader1 takes the level-2 review; the finding goes on.
      await world.step(findingId);
      expect((await world.finding(findingId)).stage).toBe('review_3');
    });
  });
});
