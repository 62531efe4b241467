import { randomUUID } from 'node:crypto';
import type { TaskKind } from '@rectiflow/domain';
import { AuditEventEntity, MeasureEntity, TaskEntity } from '@rectiflow/persistence';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { isWrite, servedRoutes } from './support/routes';
import { World, inDays } from '../support/world';

/**
 * Malformed input to every write endpoint: wrong types, unknown fields, bad enums, bad ids
 * and dates, huge strings, bodies that are not objects or not JSON. Each must be refused
 * with a 400 naming the field (413 for an oversized body, 404 for a well-formed id of
 * nothing) — never a 500 — and nothing may change in the database.
 */

interface Case {
  name: string;
  /** JSON body; `raw` sends text as it is (with `contentType`, default JSON). */
  body?: unknown;
  raw?: string;
  contentType?: string;
  /** More request headers (content-encoding). */
  headers?: Record<string, string>;
  form?: () => FormData;
  /** Overrides the row's path (bad ids in the path). */
  path?: string;
  /** Appended to the path. */
  query?: string;
  status?: number;
  /** Must appear in the error message (the field's name). */
  names?: string;
}

interface WriteRow {
  route: string;
  as: string;
  path: (f: Fixtures) => string;
  /** A valid body, for the generic cases (unknown field, wrong shapes); none for multipart or body-less routes. */
  valid?: (f: Fixtures) => Record<string, unknown>;
  /** Generic cases that are valid input here (plain text is an import format). */
  skipGeneric?: string[];
  cases: (f: Fixtures) => Case[];
}

interface Fixtures {
  world: World;
  roundId: string;
  tasks: Record<TaskKind, TaskEntity>;
  findingForEvidence: string;
  /** Evidence and a measure of another finding (not to be cited for this one). */
  foreignEvidence: string;
  foreignMeasure: string;
  notice: string;
  /** Unit ids by code, and a batch over U1 and U2 (the inspecting side's writes). */
  units: Record<string, string>;
  batchId: string;
  /** A 专题会议 of U1's office. */
  meetingId: string;
}

const HUGE = '长'.repeat(100_000);
const NOBODY = randomUUID();

const completeRow = (
  kind: TaskKind,
  as: string,
  cases: (f: Fixtures) => Case[],
  valid?: (f: Fixtures) => Record<string, unknown>,
) => ({
  kind,
  as,
  cases,
  valid,
});

/** Per task kind: who acts and what they must not be able to send. */
const COMPLETE_CASES = [
  completeRow(
    'assign',
    'office',
    (f) => [
      { name: 'nothing', body: {}, names: 'responsibleLeaderId' },
      {
        name: 'leader not a uuid',
        body: { ...assign(f), responsibleLeaderId: 'boss' },
        names: 'responsibleLeaderId',
      },
      {
        name: 'leader is a department user',
        body: { ...assign(f), responsibleLeaderId: f.world.api.userId('dept1') },
        names: 'responsibleLeaderId',
      },
      {
        name: 'unknown department',
        body: { ...assign(f), leadDepartmentId: NOBODY },
        names: 'leadDepartmentId',
      },
      {
        name: 'co-departments not a list',
        body: { ...assign(f), coDepartmentIds: f.world.dept('D2') },
        names: 'coDepartmentIds',
      },
      {
        name: 'co-department unknown',
        body: { ...assign(f), coDepartmentIds: [NOBODY] },
        names: 'coDepartmentIds',
      },
      { name: 'impossible date', body: { ...assign(f), dueAt: '2026-02-30' }, names: 'dueAt' },
      { name: 'date in words', body: { ...assign(f), dueAt: 'next friday' }, names: 'dueAt' },
      {
        name: 'lead department as its own co-department',
        body: { ...assign(f), coDepartmentIds: [f.world.dept('D2'), assign(f).leadDepartmentId] },
        names: 'co_department_is_lead',
      },
      { name: 'due yesterday', body: { ...assign(f), dueAt: inDays(-1) }, names: 'due_in_past' },
      {
        name: 'due in 9999',
        body: { ...assign(f), dueAt: '9999-12-31T00:00:00Z' },
        names: 'due_beyond_horizon',
      },
      { name: 'long-term as text', body: { ...assign(f), longTerm: 'yes' }, names: 'longTerm' },
      {
        name: 'contributions due yesterday',
        body: { ...assign(f), coDepartmentDueAt: inDays(-1) },
        names: 'due_in_past',
      },
      {
        name: 'contributions due in words',
        body: { ...assign(f), coDepartmentDueAt: 'soon' },
        names: 'coDepartmentDueAt',
      },
    ],
    assign,
  ),
  completeRow('draft_measures', 'dept1', () => [
    { name: 'no measures', body: { measures: [] }, names: 'measures' },
    { name: 'measures not a list', body: { measures: '一是' }, names: 'measures' },
    { name: 'measure text a number', body: { measures: [{ text: 5 }] }, names: 'measures.0.text' },
    { name: 'measure text huge', body: { measures: [{ text: HUGE }] }, names: 'measures.0.text' },
    {
      name: 'measure with an unknown field',
      body: { measures: [{ text: '一是', owner: 'x' }] },
      names: 'owner',
    },
    {
      name: 'measure owner not a uuid',
      body: { measures: [{ text: '一是', ownerDepartmentId: 'D2' }] },
      names: 'ownerDepartmentId',
    },
    {
      name: 'measure owner unknown',
      body: { measures: [{ text: '一是', ownerDepartmentId: NOBODY }] },
      names: 'ownerDepartmentId',
    },
    {
      name: 'measure due date bad',
      body: { measures: [{ text: '一是', dueAt: '2026-13-01' }] },
      names: 'measures.0.dueAt',
    },
    { name: 'a measure that is not an object', body: { measures: ['一是'] }, names: 'measures.0' },
  ]),
  ...(['approve_measures', 'review_1', 'review_2', 'review_3'] as const).map((kind) =>
    completeRow(
      kind,
      {
        approve_measures: 'leader1',
        review_1: 'dept1head',
        review_2: 'leader1',
        review_3: 'office',
      }[kind],
      () => [
        { name: 'decision not in the list', body: { decision: 'maybe' }, names: 'decision' },
        { name: 'reject without comment', body: { decision: 'reject' }, names: 'comment' },
        {
          name: 'reject with blank comment',
          body: { decision: 'reject', comment: '' },
          names: 'comment',
        },
        { name: 'comment a number', body: { decision: 'approve', comment: 7 }, names: 'comment' },
        { name: 'comment huge', body: { decision: 'reject', comment: HUGE }, names: 'comment' },
      ],
      () => ({ decision: 'approve' }),
    ),
  ),
  completeRow('submit_evidence', 'dept1', (f) => [
    {
      name: 'no evidence',
      body: { report: '完成', evidenceIds: [], measuresDone: [] },
      names: 'evidenceIds',
    },
    {
      name: 'evidence ids not uuids',
      body: { report: '完成', evidenceIds: ['a.pdf'], measuresDone: [] },
      names: 'evidenceIds',
    },
    {
      name: 'evidence of nothing',
      body: { report: '完成', evidenceIds: [NOBODY], measuresDone: [] },
      names: 'evidenceIds',
    },
    {
      name: 'evidence of another finding',
      body: { report: '完成', evidenceIds: [f.foreignEvidence], measuresDone: [] },
      names: 'evidenceIds',
    },
    {
      name: 'measures done not a list',
      body: { report: '完成', evidenceIds: [f.foreignEvidence], measuresDone: 'all' },
      names: 'measuresDone',
    },
    {
      name: 'empty report',
      body: { report: '', evidenceIds: [f.foreignEvidence], measuresDone: [] },
      names: 'report',
    },
    {
      name: 'huge report',
      body: { report: HUGE, evidenceIds: [f.foreignEvidence], measuresDone: [] },
      names: 'report',
    },
  ]),
  completeRow(
    'contribute',
    'dept2',
    (f) => [
      { name: 'no text', body: {}, names: 'text' },
      { name: 'blank text', body: { text: ' \u200b ' }, names: 'text' },
      { name: 'huge text', body: { text: HUGE }, names: 'text' },
      {
        name: 'files not a list',
        body: { text: '完成', evidenceIds: 'all' },
        names: 'evidenceIds',
      },
      {
        name: 'file of another finding',
        body: { text: '完成', evidenceIds: [f.foreignEvidence] },
        names: 'evidenceIds',
      },
    ],
    () => ({ text: '配合完成' }),
  ),
  completeRow(
    'supervision_order',
    'dept1',
    (f) => [
      { name: 'no answer', body: {}, names: 'answer' },
      { name: 'blank answer', body: { answer: ' \u200b ' }, names: 'answer' },
      { name: 'huge answer', body: { answer: HUGE }, names: 'answer' },
      {
        name: 'files not a list',
        body: { answer: '已办理', evidenceIds: 'all' },
        names: 'evidenceIds',
      },
      {
        name: 'file of another finding',
        body: { answer: '已办理', evidenceIds: [f.foreignEvidence] },
        names: 'evidenceIds',
      },
    ],
    () => ({ answer: '已办理' }),
  ),
  completeRow(
    'supervision_order_review',
    'supervisor',
    () => [
      { name: 'no decision', body: {}, names: 'decision' },
      { name: 'unknown decision', body: { decision: 'maybe' }, names: 'decision' },
      { name: 'return without comment', body: { decision: 'reject' }, names: 'comment' },
      { name: 'huge comment', body: { decision: 'reject', comment: HUGE }, names: 'comment' },
    ],
    () => ({ decision: 'approve' }),
  ),
  completeRow(
    'stage_report',
    'dept1',
    (f) => [
      { name: 'no report', body: { finalStage: true }, names: 'report' },
      {
        name: 'final stage as text',
        body: { report: '阶段', finalStage: 'yes' },
        names: 'finalStage',
      },
      {
        name: 'evidence of another finding',
        body: { report: '阶段', evidenceIds: [f.foreignEvidence] },
        names: 'evidenceIds',
      },
    ],
    () => ({ report: '阶段进展' }),
  ),
  completeRow(
    'escalation',
    'supervisor',
    (f) => [
      { name: 'action not in the list', body: { action: 'shout', comment: '快' }, names: 'action' },
      { name: 'no comment', body: { action: 'urge' }, names: 'comment' },
      {
        name: 'extend without a date',
        body: { action: 'extend', comment: '延期' },
        names: 'dueAt',
      },
      {
        name: 'extend into the past',
        body: { action: 'extend', comment: '延期', dueAt: inDays(-1) },
        names: 'dueAt',
      },
      {
        name: 'reassign without a department',
        body: { action: 'reassign', comment: '改派' },
        names: 'leadDepartmentId',
      },
      {
        name: 'reassign to nowhere',
        body: { action: 'reassign', comment: '改派', leadDepartmentId: NOBODY },
        names: 'leadDepartmentId',
      },
      {
        name: 'reassign to the same department',
        body: { action: 'reassign', comment: '改派', leadDepartmentId: f.world.dept('D1') },
        names: 'leadDepartmentId',
      },
    ],
    () => ({ action: 'urge', comment: '请抓紧办理' }),
  ),
  completeRow(
    'look_back',
    'supervisor',
    () => [
      {
        name: 'outcome not in the list',
        body: { outcome: 'fine', comment: '好' },
        names: 'outcome',
      },
      { name: 'no comment', body: { outcome: 'holds' }, names: 'comment' },
    ],
    () => ({ outcome: 'holds', comment: '未反弹' }),
  ),
];

/** An import tree with one finding, `finding` merged into it. */
function tree(finding: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    areas: [
      {
        title: '聚焦验证方面',
        themes: [{ title: '验证主题', findings: [{ title: '验证问题', ...finding }] }],
      },
    ],
  };
}

function assign(f: Fixtures): Record<string, unknown> {
  return {
    responsibleLeaderId: f.world.api.userId('leader1'),
    leadDepartmentId: f.world.dept('D1'),
    dueAt: inDays(30),
  };
}

const form =
  (
    parts: Record<string, string>,
    file: { field?: string; name?: string; bytes?: string } | null = {},
  ) =>
  () => {
    const fd = new FormData();
    if (file)
      fd.append(
        file.field ?? 'file',
        new Blob([Buffer.from(file.bytes ?? '整改材料\n')]),
        file.name ?? '材料.txt',
      );
    for (const [k, v] of Object.entries(parts)) fd.append(k, v);
    return fd;
  };

const evaluationForm = (fields: Record<string, string>) => () => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
};

const ROWS: WriteRow[] = [
  {
    route: 'POST /api/units',
    as: 'xcb',
    path: () => '/api/units',
    valid: () => ({ name: '验证单位', code: `V${Date.now()}` }),
    cases: () => [
      { name: 'code with spaces', body: { name: '单位', code: 'U 9' }, names: 'code' },
      { name: 'no name', body: { code: 'U9' }, names: 'name' },
      {
        name: 'a duration in words',
        body: { name: '单位', code: 'U9', settings: { timing: { STEP_DUE: 'soon' } } },
        names: 'STEP_DUE',
      },
      {
        name: 'level 3 by nobody',
        body: { name: '单位', code: 'U9', settings: { review3By: 'boss' } },
        names: 'review3By',
      },
      { name: 'taken code', body: { name: '单位', code: 'U1' }, status: 409, names: 'U1' },
    ],
  },
  {
    route: 'PATCH /api/units/:id',
    as: 'xcb',
    path: (f) => `/api/units/${f.units.U2}`,
    valid: () => ({ name: '区市场监督管理局' }),
    cases: (f) => [
      { name: 'active in words', body: { active: 'yes' }, names: 'active' },
      { name: 'e-mail in words', body: { settings: { email: 'yes' } }, names: 'email' },
      { name: 'id malformed', path: '/api/units/U2', body: { name: 'x' }, names: 'id' },
      { name: 'id of nothing', path: `/api/units/${NOBODY}`, body: { name: 'x' }, status: 404 },
      { name: 'name huge', path: `/api/units/${f.units.U2}`, body: { name: HUGE }, names: 'name' },
    ],
  },
  {
    route: 'POST /api/batches',
    as: 'xcb',
    path: () => '/api/batches',
    valid: (f) => ({ title: '验证批次', unitIds: [f.units.U1] }),
    cases: (f) => [
      { name: 'no units', body: { title: '批次', unitIds: [] }, names: 'unitIds' },
      { name: 'unit not a uuid', body: { title: '批次', unitIds: ['U1'] }, names: 'unitIds' },
      { name: 'unit unknown', body: { title: '批次', unitIds: [NOBODY] }, names: 'unitIds' },
      { name: 'title huge', body: { title: HUGE, unitIds: [f.units.U1] }, names: 'title' },
    ],
  },
  {
    route: 'POST /api/batches/:id/evaluations',
    as: 'xcb',
    path: (f) => `/api/batches/${f.batchId}/evaluations`,
    cases: (f) => [
      {
        name: 'no unit',
        form: evaluationForm({ rating: '好', note: '' }),
        names: 'unitId',
      },
      {
        name: 'rating not in the list',
        form: evaluationForm({ unitId: f.units.U1, rating: '极好', note: '' }),
        names: 'rating',
      },
      {
        name: 'unit outside the batch',
        form: evaluationForm({ unitId: NOBODY, rating: '好', note: '' }),
        names: 'unitId',
      },
    ],
  },
  {
    route: 'PATCH /api/rounds/:id',
    as: 'office',
    path: (f) => `/api/rounds/${f.roundId}`,
    valid: () => ({ nextSteps: '（一）持续推进整改。' }),
    cases: (f) => [
      { name: 'next steps a number', body: { nextSteps: 5 }, names: 'nextSteps' },
      { name: 'next steps huge', body: { nextSteps: HUGE }, names: 'nextSteps' },
      { name: 'id malformed', path: '/api/rounds/round-1', body: {}, names: 'id' },
      { name: 'id of nothing', path: `/api/rounds/${NOBODY}`, body: {}, status: 404 },
      {
        name: 'the round itself',
        path: `/api/rounds/${f.roundId}`,
        body: { nextSteps: 1 },
        names: 'nextSteps',
      },
    ],
  },
  {
    route: 'POST /api/rounds/:id/publish',
    as: 'office',
    path: (f) => `/api/rounds/${f.roundId}/publish`,
    valid: () => ({ from: '2026-12-01', to: '2026-12-15' }),
    cases: () => [
      // The round imported no 公开期限: the window must be given.
      { name: 'no window at all', body: {}, names: 'from' },
      { name: 'to before from', body: { from: '2026-12-15', to: '2026-12-01' }, names: 'to' },
      { name: 'impossible day', body: { from: '2026-02-30', to: '2026-03-15' }, names: 'from' },
      {
        name: 'a time, not a day',
        body: { from: '2026-12-01T00:00:00Z', to: '2026-12-15' },
        names: 'from',
      },
      { name: 'to in words', body: { from: '2026-12-01', to: 'next month' }, names: 'to' },
      { name: 'from a number', body: { from: 20261201, to: '2026-12-15' }, names: 'from' },
      { name: 'id malformed', path: '/api/rounds/round-1/publish', body: {}, names: 'id' },
      { name: 'id of nothing', path: `/api/rounds/${NOBODY}/publish`, body: {}, status: 404 },
    ],
  },
  {
    route: 'POST /api/rounds/:id/hand-over',
    as: 'xcb',
    path: (f) => `/api/rounds/${f.roundId}/hand-over`,
    cases: () => [
      { name: 'id malformed', path: '/api/rounds/round-1/hand-over', names: 'id' },
      { name: 'id of nothing', path: `/api/rounds/${NOBODY}/hand-over`, status: 404 },
    ],
  },
  {
    route: 'POST /api/auth/login',
    as: '',
    path: () => '/api/auth/login',
    valid: () => ({ username: 'office', password: 'wrong' }),
    cases: () => [
      { name: 'username a number', body: { username: 1, password: 'x' }, names: 'username' },
      {
        name: 'password a list',
        body: { username: 'office', password: ['demo'] },
        names: 'password',
      },
      {
        name: 'username huge',
        body: { username: 'x'.repeat(100_000), password: 'x' },
        names: 'username',
      },
      {
        name: 'form-encoded',
        raw: 'username=office&password=demo&x=1',
        contentType: 'application/x-www-form-urlencoded',
        names: 'x',
      },
    ],
  },
  {
    route: 'POST /api/departments',
    as: 'office',
    path: () => '/api/departments',
    valid: () => ({ code: `V${Date.now()}`, name: '验证部门' }),
    cases: () => [
      { name: 'code with spaces', body: { code: 'D 4', name: '部门' }, names: 'code' },
      { name: 'no name', body: { code: 'D9' }, names: 'name' },
      { name: 'name huge', body: { code: 'D9', name: HUGE }, names: 'name' },
    ],
  },
  {
    route: 'POST /api/users',
    as: 'office',
    path: () => '/api/users',
    valid: () => ({
      username: `v${Date.now()}`,
      displayName: '验证',
      password: 'long-enough',
      roles: ['inspector'],
    }),
    cases: (f) => {
      const u = {
        username: 'newuser',
        displayName: '新用户',
        password: 'long-enough',
        roles: ['inspector'],
      };
      return [
        { name: 'username too short', body: { ...u, username: 'x' }, names: 'username' },
        { name: 'password too short', body: { ...u, password: 'short' }, names: 'password' },
        { name: 'no roles', body: { ...u, roles: [] }, names: 'roles' },
        { name: 'role not in the list', body: { ...u, roles: ['root'] }, names: 'roles' },
        {
          name: 'department not a uuid',
          body: { ...u, departmentId: 'D1' },
          names: 'departmentId',
        },
        { name: 'department unknown', body: { ...u, departmentId: NOBODY }, names: 'departmentId' },
        {
          name: 'department role without department',
          body: { ...u, roles: ['department'] },
          names: 'departmentId',
        },
        { name: 'email malformed', body: { ...u, email: 'not-an-email' }, names: 'email' },
        {
          name: 'taken username',
          body: { ...u, username: 'office' },
          status: 409,
          names: 'office',
        },
        {
          name: 'display name a number',
          body: { ...u, displayName: 3, departmentId: f.world.dept('D1') },
          names: 'displayName',
        },
      ];
    },
  },
  {
    route: 'PATCH /api/users/:id',
    as: 'office',
    path: (f) => `/api/users/${f.world.api.userId('leader2')}`,
    valid: () => ({ displayName: '验证改名' }),
    cases: (f) => [
      { name: 'role not in the list', body: { roles: ['root'] }, names: 'roles' },
      { name: 'no roles', body: { roles: [] }, names: 'roles' },
      { name: 'active in words', body: { active: 'yes' }, names: 'active' },
      { name: 'department not a uuid', body: { departmentId: 'D1' }, names: 'departmentId' },
      { name: 'department unknown', body: { departmentId: NOBODY }, names: 'departmentId' },
      {
        name: 'department role without department',
        body: { roles: ['department'] },
        names: 'departmentId',
      },
      {
        name: 'inspecting-side role in a unit',
        body: { roles: ['inspection_office'] },
        names: 'roles',
      },
      { name: 'display name huge', body: { displayName: HUGE }, names: 'displayName' },
      { name: 'id malformed', path: '/api/users/leader2', body: { displayName: 'x' }, names: 'id' },
      {
        name: 'id of nothing',
        path: `/api/users/${NOBODY}`,
        body: { displayName: 'x' },
        status: 404,
      },
      {
        name: 'deactivating oneself',
        path: `/api/users/${f.world.api.userId('office')}`,
        body: { active: false },
        names: 'active',
      },
    ],
  },
  {
    route: 'POST /api/users/:id/reset-password',
    as: 'office',
    path: (f) => `/api/users/${f.world.api.userId('committee')}/reset-password`,
    cases: () => [
      { name: 'id malformed', path: '/api/users/committee/reset-password', names: 'id' },
      { name: 'id of nothing', path: `/api/users/${NOBODY}/reset-password`, status: 404 },
    ],
  },
  {
    route: 'POST /api/users/:id/unlock',
    as: 'office',
    path: (f) => `/api/users/${f.world.api.userId('committee')}/unlock`,
    cases: () => [
      { name: 'id malformed', path: '/api/users/committee/unlock', names: 'id' },
      { name: 'id of nothing', path: `/api/users/${NOBODY}/unlock`, status: 404 },
    ],
  },
  {
    route: 'PUT /api/users/:id/oversees',
    as: 'office',
    path: (f) => `/api/users/${f.world.api.userId('leader2')}/oversees`,
    valid: (f) => ({ departmentIds: [f.world.dept('D2')] }),
    cases: (f) => [
      { name: 'no list', body: {}, names: 'departmentIds' },
      { name: 'a code, not an id', body: { departmentIds: ['D1'] }, names: 'departmentIds' },
      { name: 'department unknown', body: { departmentIds: [NOBODY] }, names: 'departmentIds' },
      {
        name: 'not a leader',
        path: `/api/users/${f.world.api.userId('committee')}/oversees`,
        body: { departmentIds: [f.world.dept('D1')] },
        names: 'departmentIds',
      },
    ],
  },
  {
    route: 'PATCH /api/departments/:id',
    as: 'office',
    path: (f) => `/api/departments/${f.world.dept('D3')}`,
    valid: () => ({ name: '验证改名部门' }),
    cases: (f) => [
      { name: 'code with spaces', body: { code: 'D 3' }, names: 'code' },
      { name: 'name empty', body: { name: '' }, names: 'name' },
      { name: 'active in words', body: { active: 'no' }, names: 'active' },
      { name: 'code taken', body: { code: 'D1' }, status: 409, names: 'D1' },
      { name: 'id malformed', path: '/api/departments/D3', body: { name: 'x' }, names: 'id' },
      {
        name: 'id of nothing',
        path: `/api/departments/${NOBODY}`,
        body: { name: 'x' },
        status: 404,
      },
      {
        name: 'deactivating one that leads open findings',
        path: `/api/departments/${f.world.dept('D1')}`,
        body: { active: false },
        status: 409,
        names: 'department_has_open_findings',
      },
    ],
  },
  {
    route: 'POST /api/me/password',
    as: 'dept2',
    path: () => '/api/me/password',
    valid: () => ({ currentPassword: 'demo', newPassword: 'another-password' }),
    cases: () => [
      {
        name: 'wrong current password',
        body: { currentPassword: 'wrong', newPassword: 'another-password' },
        names: 'currentPassword',
      },
      {
        name: 'new password too short',
        body: { currentPassword: 'demo', newPassword: 'short' },
        names: 'newPassword',
      },
      {
        name: 'the same password again',
        body: { currentPassword: 'demo', newPassword: 'demo' },
        names: 'newPassword',
      },
      {
        name: 'new password holding the username',
        body: { currentPassword: 'demo', newPassword: 'dept2-dept2-dept2' },
        names: 'newPassword',
      },
      {
        name: 'new password among the common ones',
        body: { currentPassword: 'demo', newPassword: 'password123' },
        names: 'newPassword',
      },
      {
        name: 'no current password',
        body: { newPassword: 'another-password' },
        names: 'currentPassword',
      },
      {
        name: 'new password huge',
        body: { currentPassword: 'demo', newPassword: HUGE },
        names: 'newPassword',
      },
    ],
  },
  {
    route: 'POST /api/rounds',
    as: 'office',
    path: () => '/api/rounds',
    valid: () => ({ title: '验证轮次', source: 'audit' }),
    cases: () => [
      { name: 'no title', body: { source: 'audit' }, names: 'title' },
      { name: 'title huge', body: { title: HUGE, source: 'audit' }, names: 'title' },
      { name: 'source not in the list', body: { title: 't', source: 'rumour' }, names: 'source' },
      {
        name: 'feedback date impossible',
        body: { title: 't', source: 'audit', feedbackDate: '2025-02-30' },
        names: 'feedbackDate',
      },
      {
        name: 'due date in words',
        body: { title: 't', source: 'audit', dueAt: 'tomorrow' },
        names: 'dueAt',
      },
      {
        name: 'inspecting body a number',
        body: { title: 't', source: 'audit', inspectingBody: 3 },
        names: 'inspectingBody',
      },
    ],
  },
  {
    route: 'POST /api/rounds/:id/assign',
    as: 'office',
    path: (f) => `/api/rounds/${f.roundId}/assign`,
    valid: (f) => ({
      findingIds: [NOBODY],
      responsibleLeaderId: f.world.api.userId('leader1'),
      leadDepartmentId: f.world.dept('D1'),
      dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    }),
    cases: (f) => {
      const valid = {
        responsibleLeaderId: f.world.api.userId('leader1'),
        leadDepartmentId: f.world.dept('D1'),
        dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      };
      return [
        { name: 'no findings', body: { ...valid, findingIds: [] }, names: 'findingIds' },
        { name: 'finding not a uuid', body: { ...valid, findingIds: ['F1'] }, names: 'findingIds' },
        {
          name: 'no due date',
          body: { ...valid, dueAt: undefined, findingIds: [NOBODY] },
          names: 'dueAt',
        },
        {
          name: 'round id malformed',
          path: '/api/rounds/round-1/assign',
          body: { ...valid, findingIds: [NOBODY] },
          names: 'id',
        },
      ];
    },
  },
  {
    route: 'POST /api/rounds/:id/findings',
    as: 'office',
    path: (f) => `/api/rounds/${f.roundId}/findings`,
    valid: () => ({ title: '验证问题' }),
    cases: (f) => [
      {
        name: 'round id malformed',
        path: '/api/rounds/round-1/findings',
        body: { title: 't' },
        names: 'id',
      },
      {
        name: 'round of nothing',
        path: `/api/rounds/${NOBODY}/findings`,
        body: { title: 't' },
        status: 404,
        names: NOBODY,
      },
      { name: 'title a number', body: { title: 123 }, names: 'title' },
      { name: 'measures not a list', body: { title: 't', measures: '一是' }, names: 'measures' },
      { name: 'blank measure', body: { title: 't', measures: [''] }, names: 'measures' },
      {
        name: 'too many measures',
        body: { title: 't', measures: Array.from({ length: 101 }, () => 'm') },
        names: 'measures',
      },
      {
        name: 'lead department malformed',
        body: { title: 't', leadDepartmentId: 'D1' },
        names: 'leadDepartmentId',
      },
      {
        name: 'lead department unknown',
        body: { title: 't', leadDepartmentId: NOBODY },
        names: 'leadDepartmentId',
      },
      {
        name: 'leader not a leader',
        body: { title: 't', responsibleLeaderId: f.world.api.userId('inspector') },
        names: 'responsibleLeaderId',
      },
      {
        name: 'due date impossible',
        body: { title: 't', dueAt: '2026-04-31T00:00:00Z' },
        names: 'dueAt',
      },
      { name: 'due date past', body: { title: 't', dueAt: inDays(-2) }, names: 'due_in_past' },
      {
        name: 'due in year 9999',
        body: { title: 't', dueAt: '9999-01-01T00:00:00Z' },
        names: 'due_beyond_horizon',
      },
      { name: 'long-term as text', body: { title: 't', longTerm: 'true' }, names: 'longTerm' },
    ],
  },
  {
    route: 'POST /api/rounds/:id/import',
    as: 'office',
    path: (f) => `/api/rounds/${f.roundId}/import`,
    valid: () => tree(),
    skipGeneric: ['plain text'],
    cases: (f) => [
      { name: 'round id malformed', path: '/api/rounds/r1/import', body: tree(), names: 'id' },
      {
        name: 'round of nothing',
        path: `/api/rounds/${NOBODY}/import`,
        body: tree(),
        status: 404,
        names: NOBODY,
      },
      {
        name: 'dry run not a boolean',
        path: undefined,
        body: tree(),
        names: 'dryRun',
        query: '?dryRun=maybe',
      },
      { name: 'XML', raw: '<areas/>', contentType: 'application/xml', names: 'content-type' },
      { name: 'multipart without the file', form: form({}, null), names: 'file' },
      { name: 'empty text', raw: '', contentType: 'text/plain; charset=utf-8', names: 'text' },
      { name: 'areas not a list', body: { areas: 'all' }, names: 'areas' },
      { name: 'finding title a number', body: tree({ title: 7 }), names: 'title' },
      { name: 'finding due date impossible', body: tree({ dueAt: '2026-02-30' }), names: 'dueAt' },
      { name: 'finding with an unknown field', body: tree({ owner: 'x' }), names: 'owner' },
      {
        name: 'too many measures',
        body: tree({ measures: Array.from({ length: 101 }, () => '一是') }),
        names: 'measures',
      },
      {
        name: 'assignment not an object',
        body: tree({ assignment: 'leader1' }),
        names: 'assignment',
      },
      {
        name: 'assignment leader not a uuid',
        body: tree({ assignment: { ...assign(f), responsibleLeaderId: 'leader1' } }),
        names: 'responsibleLeaderId',
      },
      {
        name: 'assignment without a department',
        body: tree({ assignment: { ...assign(f), leadDepartmentId: undefined } }),
        names: 'leadDepartmentId',
      },
      {
        name: 'assignment due date impossible',
        body: tree({ assignment: { ...assign(f), dueAt: '2030-02-30' } }),
        names: 'dueAt',
      },
      {
        name: 'assignment due in the past',
        body: tree({ assignment: { ...assign(f), dueAt: '2020-01-31' } }),
        names: 'dueAt',
      },
      {
        name: 'assignment lead department also a co-department',
        body: tree({ assignment: { ...assign(f), coDepartmentIds: [f.world.dept('D1')] } }),
        names: 'coDepartmentIds',
      },
      {
        name: 'assignment with an unknown field',
        body: tree({ assignment: { ...assign(f), owner: 'x' } }),
        names: 'owner',
      },
    ],
  },
  {
    route: 'POST /api/tasks/:id/claim',
    as: 'dept1',
    path: (f) => `/api/tasks/${f.tasks.draft_measures.id}/claim`,
    cases: () => [
      { name: 'task id malformed', path: '/api/tasks/42/claim', names: 'id' },
      {
        name: 'task id with SQL',
        path: `/api/tasks/${encodeURIComponent("' OR 1=1 --")}/claim`,
        names: 'id',
      },
      { name: 'task of nothing', path: `/api/tasks/${NOBODY}/claim`, status: 404, names: NOBODY },
    ],
  },
  {
    route: 'DELETE /api/evidence/:id',
    as: 'dept1',
    path: () => `/api/evidence/${NOBODY}`,
    cases: () => [
      { name: 'evidence id malformed', path: '/api/evidence/x', names: 'id' },
      {
        name: 'evidence id with SQL',
        path: `/api/evidence/${encodeURIComponent("' OR 1=1 --")}`,
        names: 'id',
      },
      { name: 'evidence of nothing', path: `/api/evidence/${NOBODY}`, status: 404, names: NOBODY },
    ],
  },
  {
    route: 'POST /api/tasks/:id/release',
    as: 'dept1',
    path: (f) => `/api/tasks/${f.tasks.draft_measures.id}/release`,
    cases: () => [
      { name: 'task id malformed', path: '/api/tasks/x/release', names: 'id' },
      { name: 'task of nothing', path: `/api/tasks/${NOBODY}/release`, status: 404, names: NOBODY },
    ],
  },
  {
    route: 'POST /api/tasks/claim',
    as: 'dept1',
    path: () => '/api/tasks/claim',
    valid: () => ({ taskIds: [NOBODY] }),
    cases: () => [
      { name: 'no tasks', body: { taskIds: [] }, names: 'taskIds' },
      { name: 'tasks missing', body: {}, names: 'taskIds' },
      { name: 'task not a uuid', body: { taskIds: ['t1'] }, names: 'taskIds' },
      { name: 'the same task twice', body: { taskIds: [NOBODY, NOBODY] }, names: 'taskIds' },
      {
        name: 'too many tasks',
        body: { taskIds: Array.from({ length: 501 }, () => randomUUID()) },
        names: 'taskIds',
      },
    ],
  },
  {
    route: 'POST /api/tasks/approve',
    as: 'leader1',
    path: () => '/api/tasks/approve',
    valid: () => ({ taskIds: [NOBODY], comment: '同意' }),
    cases: () => [
      { name: 'no tasks', body: { taskIds: [] }, names: 'taskIds' },
      { name: 'task not a uuid', body: { taskIds: [42] }, names: 'taskIds' },
      { name: 'comment a number', body: { taskIds: [NOBODY], comment: 3 }, names: 'comment' },
      { name: 'comment too long', body: { taskIds: [NOBODY], comment: HUGE }, names: 'comment' },
    ],
  },
  {
    route: 'PUT /api/tasks/:id/draft',
    as: 'dept1',
    path: (f) => `/api/tasks/${f.tasks.draft_measures.id}/draft`,
    valid: () => ({ body: { measures: [{ text: '一是' }] } }),
    cases: (f) => [
      { name: 'no body', body: {}, names: 'body' },
      { name: 'body a string', body: { body: 'measures' }, names: 'body' },
      { name: 'measures not a list', body: { body: { measures: 'x' } }, names: 'body.measures' },
      {
        name: 'measure text too long',
        body: { body: { measures: [{ text: HUGE }] } },
        names: 'body.measures.0.text',
      },
      {
        name: 'a field the plan does not have',
        body: { body: { measures: [], decision: 'approve' } },
        names: 'body.decision',
      },
      {
        name: 'owner not a department id',
        body: { body: { measures: [{ ownerDepartmentId: 'D1' }] } },
        names: 'ownerDepartmentId',
      },
      {
        name: 'task id malformed',
        path: '/api/tasks/x/draft',
        body: { body: {} },
        names: 'id',
      },
      {
        name: 'task of nothing',
        path: `/api/tasks/${NOBODY}/draft`,
        body: { body: {} },
        status: 404,
        names: NOBODY,
      },
      {
        name: 'evidence report fields on a plan',
        path: `/api/tasks/${f.tasks.draft_measures.id}/draft`,
        body: { body: { report: 'x' } },
        names: 'body.report',
      },
    ],
  },
  {
    route: 'POST /api/tasks/:id/complete',
    as: 'office',
    path: (f) => `/api/tasks/${f.tasks.assign.id}/complete`,
    valid: assign,
    cases: (f) => [
      { name: 'task id malformed', path: '/api/tasks/not-a-task/complete', body: {}, names: 'id' },
      {
        name: 'task of nothing',
        path: `/api/tasks/${NOBODY}/complete`,
        body: {},
        status: 404,
        names: NOBODY,
      },
      // Per kind, on an open task of that kind, as the user who may act on it.
      ...COMPLETE_CASES.flatMap((k) =>
        [
          ...k.cases(f),
          ...(k.valid
            ? [{ name: 'unknown field', body: { ...k.valid(f), hack: true }, names: 'hack' }]
            : []),
        ].map((c) => ({
          ...c,
          name: `${k.kind}: ${c.name}`,
          path: `/api/tasks/${f.tasks[k.kind].id}/complete`,
          as: k.as,
        })),
      ),
    ],
  },
  {
    route: 'POST /api/findings/:id/resume',
    as: 'office',
    path: (f) => `/api/findings/${f.findingForEvidence}/resume`,
    cases: () => [
      { name: 'finding id malformed', path: '/api/findings/abc/resume', names: 'id' },
      {
        name: 'finding of nothing',
        path: `/api/findings/${NOBODY}/resume`,
        status: 404,
        names: NOBODY,
      },
    ],
  },
  {
    route: 'POST /api/findings/:id/reassign',
    as: 'office',
    path: (f) => `/api/findings/${f.findingForEvidence}/reassign`,
    valid: (f) => ({ leadDepartmentId: f.world.dept('D1'), reason: '验证改派' }),
    cases: (f) => [
      { name: 'no reason', body: { leadDepartmentId: f.world.dept('D2') }, names: 'reason' },
      {
        name: 'reason blank',
        body: { leadDepartmentId: f.world.dept('D2'), reason: ' \u200b ' },
        names: 'reason',
      },
      {
        name: 'reason huge',
        body: { leadDepartmentId: f.world.dept('D2'), reason: HUGE },
        names: 'reason',
      },
      { name: 'nothing to change', body: { reason: '调整' }, names: 'leadDepartmentId' },
      {
        name: 'leader not a uuid',
        body: { responsibleLeaderId: 'boss', reason: '调整' },
        names: 'responsibleLeaderId',
      },
      {
        name: 'leader is a department user',
        body: { responsibleLeaderId: f.world.api.userId('dept1'), reason: '调整' },
        names: 'responsibleLeaderId',
      },
      {
        name: 'unknown department',
        body: { leadDepartmentId: NOBODY, reason: '调整' },
        names: 'leadDepartmentId',
      },
      {
        name: 'lead department as its own co-department',
        body: {
          leadDepartmentId: f.world.dept('D2'),
          coDepartmentIds: [f.world.dept('D2')],
          reason: '调整',
        },
        names: 'co_department_is_lead',
      },
      {
        name: 'finding id malformed',
        path: '/api/findings/abc/reassign',
        body: { reason: '调整' },
        names: 'id',
      },
      {
        name: 'finding of nothing',
        path: `/api/findings/${NOBODY}/reassign`,
        body: { leadDepartmentId: f.world.dept('D2'), reason: '调整' },
        status: 404,
        names: NOBODY,
      },
    ],
  },
  {
    // 立即回头看: no body; only the finding's id.
    route: 'POST /api/findings/:id/look-back',
    as: 'supervisor',
    path: (f) => `/api/findings/${f.findingForEvidence}/look-back`,
    cases: () => [
      { name: 'id malformed', path: '/api/findings/abc/look-back', names: 'id' },
      { name: 'id of nothing', path: `/api/findings/${NOBODY}/look-back`, status: 404 },
    ],
  },
  {
    // 抽查回头看: a whole count from 1 to the number waiting, a seed of 32 bits.
    route: 'POST /api/rounds/:id/look-back-sample',
    as: 'supervisor',
    path: (f) => `/api/rounds/${f.roundId}/look-back-sample`,
    valid: () => ({ count: 100000, seed: 7 }),
    cases: () => [
      { name: 'nothing', body: {}, names: 'count' },
      { name: 'count zero', body: { count: 0 }, names: 'count' },
      { name: 'count negative', body: { count: -2 }, names: 'count' },
      { name: 'count a fraction', body: { count: 1.5 }, names: 'count' },
      { name: 'count in words', body: { count: 'three' }, names: 'count' },
      { name: 'count beyond those waiting', body: { count: 100000 }, names: 'count' },
      { name: 'seed negative', body: { count: 1, seed: -1 }, names: 'seed' },
      { name: 'seed beyond 32 bits', body: { count: 1, seed: 2 ** 32 }, names: 'seed' },
      { name: 'seed a fraction', body: { count: 1, seed: 0.5 }, names: 'seed' },
      {
        name: 'id malformed',
        path: '/api/rounds/r1/look-back-sample',
        body: { count: 1 },
        names: 'id',
      },
      {
        name: 'id of nothing',
        path: `/api/rounds/${NOBODY}/look-back-sample`,
        body: { count: 1 },
        status: 404,
      },
    ],
  },
  {
    // 督办单: the supervisor's, on dept1's finding at draft_measures.
    route: 'POST /api/findings/:id/supervision-orders',
    as: 'supervisor',
    path: (f) => `/api/findings/${f.findingForEvidence}/supervision-orders`,
    valid: (f) => ({
      departmentId: f.world.dept('D1'),
      requirement: '验证督办',
      dueAt: inDays(7).slice(0, 10),
    }),
    cases: (f) => {
      const ok = { departmentId: f.world.dept('D1'), requirement: '督办', dueAt: inDays(7) };
      return [
        { name: 'nothing', body: {}, names: 'departmentId' },
        {
          name: 'department not a uuid',
          body: { ...ok, departmentId: 'D1' },
          names: 'departmentId',
        },
        {
          name: 'department of nothing',
          body: { ...ok, departmentId: NOBODY },
          names: 'unknown_department',
        },
        { name: 'no requirement', body: { ...ok, requirement: undefined }, names: 'requirement' },
        {
          name: 'blank requirement',
          body: { ...ok, requirement: ' \u200b ' },
          names: 'requirement',
        },
        { name: 'huge requirement', body: { ...ok, requirement: HUGE }, names: 'requirement' },
        { name: 'no due date', body: { ...ok, dueAt: undefined }, names: 'dueAt' },
        { name: 'due yesterday', body: { ...ok, dueAt: inDays(-1) }, names: 'due_in_past' },
        { name: 'impossible date', body: { ...ok, dueAt: '2026-02-30' }, names: 'dueAt' },
        { name: 'date in words', body: { ...ok, dueAt: 'next friday' }, names: 'dueAt' },
        {
          name: 'finding id malformed',
          path: '/api/findings/abc/supervision-orders',
          body: ok,
          names: 'id',
        },
        {
          name: 'finding of nothing',
          path: `/api/findings/${NOBODY}/supervision-orders`,
          body: ok,
          status: 404,
          names: NOBODY,
        },
      ];
    },
  },
  {
    // 催办: the supervisor's or office's, a text and (optionally) the department.
    route: 'POST /api/findings/:id/nudges',
    as: 'office',
    path: (f) => `/api/findings/${f.findingForEvidence}/nudges`,
    valid: () => ({ text: '验证催办' }),
    cases: () => [
      { name: 'no text', body: {}, names: 'text' },
      { name: 'blank text', body: { text: ' \u200b ' }, names: 'text' },
      { name: 'huge text', body: { text: HUGE }, names: 'text' },
      {
        name: 'department not a uuid',
        body: { text: '催办', departmentId: 'D2' },
        names: 'departmentId',
      },
      {
        name: 'department of nothing',
        body: { text: '催办', departmentId: NOBODY },
        names: 'unknown_department',
      },
      {
        name: 'finding of nothing',
        path: `/api/findings/${NOBODY}/nudges`,
        body: { text: '催办' },
        status: 404,
        names: NOBODY,
      },
    ],
  },
  {
    // 退回交办: the lead department's (dept1's finding at draft_measures).
    route: 'POST /api/findings/:id/return',
    as: 'dept1',
    path: (f) => `/api/findings/${f.findingForEvidence}/return`,
    valid: () => ({ reason: '验证退回' }),
    cases: () => [
      { name: 'no reason', body: {}, names: 'reason' },
      { name: 'reason blank', body: { reason: ' \u200b ' }, names: 'reason' },
      { name: 'reason huge', body: { reason: HUGE }, names: 'reason' },
      {
        name: 'finding id malformed',
        path: '/api/findings/abc/return',
        body: { reason: '退回' },
        names: 'id',
      },
      {
        name: 'finding of nothing',
        path: `/api/findings/${NOBODY}/return`,
        body: { reason: '退回' },
        status: 404,
        names: NOBODY,
      },
    ],
  },
  {
    route: 'POST /api/findings/:id/due-date',
    as: 'office',
    path: (f) => `/api/findings/${f.findingForEvidence}/due-date`,
    valid: () => ({ dueAt: inDays(40), reason: '验证延期' }),
    cases: () => [
      { name: 'no reason', body: { dueAt: inDays(40) }, names: 'reason' },
      { name: 'no date', body: { reason: '延期' }, names: 'dueAt' },
      { name: 'impossible date', body: { dueAt: '2026-02-30', reason: '延期' }, names: 'dueAt' },
      { name: 'date in words', body: { dueAt: 'next friday', reason: '延期' }, names: 'dueAt' },
      { name: 'due yesterday', body: { dueAt: inDays(-1), reason: '延期' }, names: 'due_in_past' },
      {
        name: 'a day long past',
        body: { dueAt: '2000-01-01', reason: '延期' },
        names: 'due_in_past',
      },
      {
        name: 'due in 9999',
        body: { dueAt: '9999-12-31', reason: '延期' },
        names: 'due_beyond_horizon',
      },
      {
        name: 'finding id malformed',
        path: '/api/findings/abc/due-date',
        body: { dueAt: inDays(40), reason: '延期' },
        names: 'id',
      },
    ],
  },
  {
    route: 'PATCH /api/findings/:id',
    as: 'office',
    path: (f) => `/api/findings/${f.findingForEvidence}`,
    valid: () => ({ title: '验证标题', reason: '验证改标题' }),
    cases: () => [
      { name: 'no reason', body: { title: '新标题' }, names: 'reason' },
      { name: 'no title', body: { reason: '改标题' }, names: 'title' },
      { name: 'title blank', body: { title: '\u202e ', reason: '改标题' }, names: 'title' },
      { name: 'title huge', body: { title: HUGE, reason: '改标题' }, names: 'title' },
      {
        name: 'finding id malformed',
        path: '/api/findings/abc',
        body: { title: 'x', reason: 'y' },
        names: 'id',
      },
    ],
  },
  {
    route: 'PUT /api/findings/:id/disclosure',
    as: 'office',
    path: (f) => `/api/findings/${f.findingForEvidence}/disclosure`,
    valid: () => ({ withheld: true, reason: 'state_secret' }),
    cases: (f) => [
      { name: 'withheld without a reason', body: { withheld: true }, names: 'reason' },
      {
        name: 'withheld with an empty reason',
        body: { withheld: true, reason: '' },
        names: 'reason',
      },
      {
        name: 'a reason not on the list',
        body: { withheld: true, reason: '领导不同意公开' },
        names: 'reason',
      },
      { name: 'reason a number', body: { withheld: true, reason: 3 }, names: 'reason' },
      { name: 'withheld missing', body: { reason: 'state_secret' }, names: 'withheld' },
      {
        name: 'withheld as text',
        body: { withheld: 'yes', reason: 'state_secret' },
        names: 'withheld',
      },
      {
        name: 'id malformed',
        path: '/api/findings/f-1/disclosure',
        body: { withheld: false },
        names: 'id',
      },
      {
        name: 'id of nothing',
        path: `/api/findings/${NOBODY}/disclosure`,
        body: { withheld: false },
        status: 404,
      },
      {
        name: 'the finding itself, a reason unknown',
        path: `/api/findings/${f.findingForEvidence}/disclosure`,
        body: { withheld: true, reason: 'secret' },
        names: 'unknown_withhold_reason',
      },
    ],
  },
  {
    route: 'POST /api/findings/:id/withdraw',
    as: 'office',
    path: (f) => `/api/findings/${f.findingForEvidence}/withdraw`,
    valid: () => ({ reason: '验证撤回' }),
    cases: () => [
      { name: 'no reason', body: {}, names: 'reason' },
      { name: 'reason a number', body: { reason: 5 }, names: 'reason' },
      {
        name: 'finding id malformed',
        path: '/api/findings/abc/withdraw',
        body: { reason: 'x' },
        names: 'id',
      },
      {
        name: 'finding of nothing',
        path: `/api/findings/${NOBODY}/withdraw`,
        body: { reason: '撤回' },
        status: 404,
        names: NOBODY,
      },
    ],
  },
  {
    route: 'POST /api/findings/:id/evidence',
    as: 'dept1',
    path: (f) => `/api/findings/${f.findingForEvidence}/evidence`,
    cases: (f) => [
      {
        name: 'finding id malformed',
        path: '/api/findings/abc/evidence',
        form: form({ kind: 'report' }),
        names: 'id',
      },
      {
        name: 'finding of nothing',
        path: `/api/findings/${NOBODY}/evidence`,
        form: form({ kind: 'report' }),
        status: 404,
        names: NOBODY,
      },
      { name: 'no file', form: form({ kind: 'report' }, null), names: 'file' },
      { name: 'no kind', form: form({}), names: 'kind' },
      { name: 'kind not in the list', form: form({ kind: 'secret' }), names: 'kind' },
      { name: 'unknown field', form: form({ kind: 'report', owner: 'me' }), names: 'owner' },
      {
        name: 'measure id malformed',
        form: form({ kind: 'report', measureId: '1' }),
        names: 'measureId',
      },
      {
        name: 'measure of nothing',
        form: form({ kind: 'report', measureId: NOBODY }),
        names: 'measureId',
      },
      {
        name: 'file under another field',
        form: form({ kind: 'report' }, { field: 'upload' }),
        names: 'upload',
      },
      { name: 'JSON instead of a file', body: { kind: 'report' }, names: 'file' },
      {
        name: 'an executable',
        form: form(
          { kind: 'report' },
          { bytes: 'MZ\u0090\u0000\u0003\u0000\u0000\u0000', name: 'a.pdf' },
        ),
        names: 'file',
      },
      { name: 'empty file', form: form({ kind: 'report' }, { bytes: '' }), names: 'file' },
      {
        name: 'another finding’s measure',
        form: form({ kind: 'report', measureId: f.foreignMeasure }),
        names: 'measureId',
      },
    ],
  },
  {
    route: 'POST /api/meetings',
    as: 'office',
    path: () => '/api/meetings',
    valid: () => ({ heldOn: '2026-12-01', title: '验证专题会议' }),
    cases: () => {
      const ok = { heldOn: '2026-12-01', title: '验证专题会议' };
      return [
        { name: 'no day', body: { ...ok, heldOn: undefined }, names: 'heldOn' },
        { name: 'day impossible', body: { ...ok, heldOn: '2026-02-30' }, names: 'heldOn' },
        {
          name: 'day a timestamp',
          body: { ...ok, heldOn: '2026-12-01T00:00:00Z' },
          names: 'heldOn',
        },
        { name: 'title blank', body: { ...ok, title: '  ' }, names: 'title' },
        { name: 'title huge', body: { ...ok, title: HUGE }, names: 'title' },
        { name: 'since not a day', body: { ...ok, since: 'yesterday' }, names: 'since' },
        { name: 'round of nothing', body: { ...ok, roundId: NOBODY }, names: 'roundId' },
        {
          name: 'attendee of nothing',
          body: { ...ok, attendeeIds: [NOBODY] },
          names: 'attendeeIds',
        },
        { name: 'attendees not a list', body: { ...ok, attendeeIds: 'x' }, names: 'attendeeIds' },
      ];
    },
  },
  {
    route: 'POST /api/meetings/:id/decisions',
    as: 'office',
    path: (f) => `/api/meetings/${f.meetingId}/decisions`,
    valid: (f) => ({
      decisions: [{ findingId: f.findingForEvidence, decision: 'note', note: '验证' }],
    }),
    cases: (f) => {
      const one = (extra: Record<string, unknown>) => ({
        decisions: [{ findingId: f.findingForEvidence, decision: 'note', note: '验证', ...extra }],
      });
      return [
        { name: 'no decisions', body: { decisions: [] }, names: 'decisions' },
        { name: 'decisions not a list', body: { decisions: 'x' }, names: 'decisions' },
        {
          name: 'decision unknown',
          body: one({ decision: 'approve' }),
          names: 'decisions.0.decision',
        },
        {
          name: 'finding not an id',
          body: one({ findingId: 'x' }),
          names: 'decisions.0.findingId',
        },
        {
          name: 'finding of nothing',
          body: one({ findingId: NOBODY }),
          names: 'decisions.0.findingId',
        },
        { name: 'note missing', body: one({ note: undefined }), names: 'decisions.0.note' },
        { name: 'note huge', body: one({ note: HUGE }), names: 'decisions.0.note' },
        {
          name: 'extend without a day',
          body: one({ decision: 'extend' }),
          names: 'decisions.0.dueAt',
        },
        {
          name: 'extend into the past',
          body: one({ decision: 'extend', dueAt: '2020-01-01' }),
          names: 'decisions.0.dueAt',
        },
        { name: 'unknown field in an item', body: one({ extra: 1 }), names: 'decisions.0.extra' },
        {
          name: 'meeting not an id',
          path: '/api/meetings/abc/decisions',
          body: one({}),
          names: 'id',
        },
      ];
    },
  },
  {
    route: 'POST /api/supervision/records',
    as: 'supervisor',
    path: () => '/api/supervision/records',
    valid: (f) => ({
      kind: 'talk',
      occurredOn: '2026-01-05',
      findingIds: [f.findingForEvidence],
      subject: '验证对象',
      heldBy: '验证人',
    }),
    cases: (f) => {
      const ok = {
        kind: 'talk',
        occurredOn: '2026-01-05',
        findingIds: [f.findingForEvidence],
        subject: '验证对象',
        heldBy: '验证人',
      };
      return [
        { name: 'kind unknown', body: { ...ok, kind: 'meeting' }, names: 'kind' },
        { name: 'no date', body: { ...ok, occurredOn: undefined }, names: 'occurredOn' },
        { name: 'date impossible', body: { ...ok, occurredOn: '2026-02-30' }, names: 'occurredOn' },
        {
          name: 'date a timestamp',
          body: { ...ok, occurredOn: '2026-01-05T00:00:00Z' },
          names: 'occurredOn',
        },
        {
          name: 'date in the future',
          body: { ...ok, occurredOn: '2999-01-01' },
          names: 'occurredOn',
        },
        { name: 'no findings', body: { ...ok, findingIds: [] }, names: 'findingIds' },
        { name: 'finding not an id', body: { ...ok, findingIds: ['x'] }, names: 'findingIds' },
        { name: 'finding of nothing', body: { ...ok, findingIds: [NOBODY] }, names: 'findingIds' },
        {
          name: 'department of nothing',
          body: { ...ok, departmentId: NOBODY },
          names: 'departmentId',
        },
        { name: 'subject blank', body: { ...ok, subject: '  ' }, names: 'subject' },
        { name: 'talk without who held it', body: { ...ok, heldBy: undefined }, names: 'heldBy' },
        {
          name: 'accountability without its kind',
          body: { ...ok, kind: 'accountability', heldBy: undefined },
          names: 'accountabilityKind',
        },
        {
          name: 'accountability of an unknown kind',
          body: { ...ok, kind: 'accountability', accountabilityKind: '罚款' },
          names: 'accountabilityKind',
        },
        { name: 'note huge', body: { ...ok, note: HUGE }, names: 'note' },
      ];
    },
  },
  {
    // 意见建议 from the public (no sign-in; a token is ignored). The body is checked before
    // the slug is looked up, so no publication is needed to be refused by field.
    route: 'POST /api/public/rounds/:slug/comments',
    as: 'office',
    path: () => '/api/public/rounds/no-such-slug/comments',
    valid: () => ({ text: '验证意见' }),
    cases: () => [
      { name: 'no text', body: {}, names: 'text' },
      { name: 'text blank', body: { text: ' \u0000\u200b ' }, names: 'text' },
      { name: 'text over 2000', body: { text: '长'.repeat(2001) }, names: 'text' },
      { name: 'text not a string', body: { text: 5 }, names: 'text' },
      { name: 'contact over 200', body: { text: 'x', contact: 'x'.repeat(201) }, names: 'contact' },
      { name: 'contact not a string', body: { text: 'x', contact: ['a'] }, names: 'contact' },
      { name: 'finding code huge', body: { text: 'x', findingCode: HUGE }, names: 'findingCode' },
      { name: 'honeypot huge', body: { text: 'x', website: HUGE }, names: 'website' },
    ],
  },
  {
    route: 'POST /api/findings/:id/comments',
    as: 'office',
    path: (f) => `/api/findings/${f.findingForEvidence}/comments`,
    valid: () => ({ text: '验证意见' }),
    cases: () => [
      { name: 'no text', body: {}, names: 'text' },
      { name: 'text blank', body: { text: '   ' }, names: 'text' },
      { name: 'text huge', body: { text: HUGE }, names: 'text' },
      {
        name: 'mentions not a list',
        body: { text: 'x', mentionUserIds: 'dept1' },
        names: 'mentionUserIds',
      },
      {
        name: 'mention not an id',
        body: { text: 'x', mentionUserIds: ['dept1'] },
        names: 'mentionUserIds',
      },
      {
        name: 'mention of nobody',
        body: { text: 'x', mentionUserIds: [NOBODY] },
        names: 'mentionUserIds',
      },
      { name: 'files not a list', body: { text: 'x', fileIds: 'a' }, names: 'fileIds' },
      { name: 'file not an id', body: { text: 'x', fileIds: ['a.pdf'] }, names: 'fileIds' },
      { name: 'file of nobody', body: { text: 'x', fileIds: [NOBODY] }, names: 'fileIds' },
      {
        name: 'too many files',
        body: { text: 'x', fileIds: Array.from({ length: 11 }, () => crypto.randomUUID()) },
        names: 'fileIds',
      },
      {
        name: 'finding id malformed',
        path: '/api/findings/x/comments',
        body: { text: 'x' },
        names: 'id',
      },
      {
        name: 'finding of nothing',
        path: `/api/findings/${NOBODY}/comments`,
        body: { text: 'x' },
        status: 404,
      },
    ],
  },
  {
    route: 'POST /api/findings/:id/outcomes',
    as: 'dept1',
    path: (f) => `/api/findings/${f.findingForEvidence}/outcomes`,
    valid: () => ({ kind: 'amount', amountKind: 'returned', amount: '100.5' }),
    cases: (f) => {
      const regulation = {
        kind: 'regulation',
        title: '《验证制度》',
        regulationKind: 'new',
        issuer: '局党委',
        issuedOn: '2026-11-20',
      };
      return [
        { name: 'no kind', body: {}, names: 'kind' },
        { name: 'unknown kind', body: { kind: 'bonus' }, names: 'kind' },
        {
          name: 'negative amount',
          body: { kind: 'amount', amountKind: 'returned', amount: '-1' },
          names: 'amount',
        },
        {
          name: 'amount with three decimals',
          body: { kind: 'amount', amountKind: 'returned', amount: '1.001' },
          names: 'amount',
        },
        {
          name: 'amount zero',
          body: { kind: 'amount', amountKind: 'returned', amount: '0.00' },
          names: 'amount',
        },
        {
          name: 'unknown amount kind',
          body: { kind: 'amount', amountKind: 'fine', amount: '1' },
          names: 'amountKind',
        },
        {
          name: 'regulation without title',
          body: { ...regulation, title: undefined },
          names: 'title',
        },
        { name: 'title blank', body: { ...regulation, title: '  ' }, names: 'title' },
        {
          name: 'unknown regulation kind',
          body: { ...regulation, regulationKind: 'old' },
          names: 'regulationKind',
        },
        {
          name: 'issued on no day',
          body: { ...regulation, issuedOn: '2026-02-30' },
          names: 'issuedOn',
        },
        {
          name: 'evidence not an id',
          body: { ...regulation, evidenceId: 'x' },
          names: 'evidenceId',
        },
        {
          name: 'evidence of another finding',
          body: { ...regulation, evidenceId: f.foreignEvidence },
          names: 'evidenceId',
        },
        {
          name: 'a field of another kind',
          body: { ...regulation, peopleCount: 1 },
          names: 'peopleCount',
        },
        {
          name: 'people of an unknown kind',
          body: { kind: 'people', peopleCount: 1, peopleKind: '罚款' },
          names: 'peopleKind',
        },
        {
          name: 'people count not whole',
          body: { kind: 'people', peopleCount: 1.5, peopleKind: '批评教育' },
          names: 'peopleCount',
        },
        {
          name: 'note huge',
          body: { kind: 'amount', amountKind: 'returned', amount: '1', note: HUGE },
          names: 'note',
        },
        {
          name: 'finding of nothing',
          path: `/api/findings/${NOBODY}/outcomes`,
          body: { kind: 'amount', amountKind: 'returned', amount: '1' },
          status: 404,
        },
      ];
    },
  },
  {
    route: 'DELETE /api/findings/:id/outcomes/:outcomeId',
    as: 'dept1',
    path: (f) => `/api/findings/${f.findingForEvidence}/outcomes/${NOBODY}`,
    cases: (f) => [
      {
        name: 'outcome id malformed',
        path: `/api/findings/${f.findingForEvidence}/outcomes/x`,
        names: 'outcomeId',
      },
      {
        name: 'outcome of nothing',
        path: `/api/findings/${f.findingForEvidence}/outcomes/${NOBODY}`,
        status: 404,
        names: NOBODY,
      },
    ],
  },
  {
    route: 'POST /api/me/inbox-views',
    as: 'dept1',
    path: () => '/api/me/inbox-views',
    valid: () => ({ name: `验证视图 ${Date.now()}`, filters: { overdue: true } }),
    cases: () => [
      { name: 'no name', body: { filters: {} }, names: 'name' },
      { name: 'name blank', body: { name: ' \u200b ', filters: {} }, names: 'name' },
      { name: 'name huge', body: { name: HUGE, filters: {} }, names: 'name' },
      { name: 'no filters', body: { name: '视图' }, names: 'filters' },
      { name: 'filters a string', body: { name: '视图', filters: 'all' }, names: 'filters' },
      {
        name: 'filter of an unknown kind',
        body: { name: '视图', filters: { kind: 'nothing' } },
        names: 'filters.kind',
      },
      {
        name: 'filter not of the inbox',
        body: { name: '视图', filters: { assigneeId: NOBODY } },
        names: 'filters.assigneeId',
      },
      { name: 'search huge', body: { name: '视图', filters: { q: HUGE } }, names: 'filters.q' },
    ],
  },
  {
    route: 'DELETE /api/me/inbox-views/:id',
    as: 'dept1',
    path: () => `/api/me/inbox-views/${NOBODY}`,
    cases: () => [
      { name: 'view id malformed', path: '/api/me/inbox-views/x', names: 'id' },
      {
        name: 'view of nobody',
        path: `/api/me/inbox-views/${NOBODY}`,
        status: 404,
        names: NOBODY,
      },
    ],
  },
  {
    route: 'POST /api/findings/:id/comment-files',
    as: 'office',
    path: (f) => `/api/findings/${f.findingForEvidence}/comment-files`,
    cases: () => [
      {
        name: 'finding id malformed',
        path: '/api/findings/abc/comment-files',
        form: form({}),
        names: 'id',
      },
      {
        name: 'finding of nothing',
        path: `/api/findings/${NOBODY}/comment-files`,
        form: form({}),
        status: 404,
        names: NOBODY,
      },
      { name: 'no file', form: form({}, null), names: 'file' },
      { name: 'file under another field', form: form({}, { field: 'upload' }), names: 'upload' },
      { name: 'JSON instead of a file', body: { text: 'x' }, names: 'file' },
      {
        name: 'an executable',
        form: form({}, { bytes: 'MZ\u0090\u0000\u0003\u0000\u0000\u0000', name: 'a.pdf' }),
        names: 'file',
      },
    ],
  },
  {
    route: 'POST /api/supervision/record-files',
    as: 'supervisor',
    path: () => '/api/supervision/record-files',
    cases: () => [
      { name: 'no file', form: form({}, null), names: 'file' },
      { name: 'file under another field', form: form({}, { field: 'upload' }), names: 'upload' },
      { name: 'JSON instead of a file', body: { text: 'x' }, names: 'file' },
      {
        name: 'an executable',
        form: form({}, { bytes: 'MZ\u0090\u0000\u0003\u0000\u0000\u0000', name: 'a.pdf' }),
        names: 'file',
      },
    ],
  },
  {
    // No body to refuse: a made-up body is ignored (the caller's own notices are marked read).
    route: 'POST /api/notifications/read-all',
    as: 'dept1',
    path: () => '/api/notifications/read-all',
    cases: () => [],
  },
  {
    route: 'POST /api/notifications/:id/read',
    as: 'dept1',
    path: (f) => `/api/notifications/${encodeURIComponent(f.notice)}/read`,
    cases: () => [
      {
        name: 'id of nothing',
        path: '/api/notifications/nothing/read',
        status: 404,
        names: 'nothing',
      },
      {
        name: 'id huge',
        path: `/api/notifications/${'n'.repeat(5000)}/read`,
        status: 404,
        names: 'notification',
      },
    ],
  },
];

/** Cases every JSON write endpoint gets, from its valid body. */
function genericCases(valid: Record<string, unknown>): Case[] {
  return [
    { name: 'unknown field', body: { ...valid, isAdmin: true }, names: 'isAdmin' },
    {
      name: '__proto__ field',
      raw: `{"__proto__":{"isAdmin":true},${JSON.stringify(valid).slice(1)}`,
      names: '__proto__',
    },
    { name: 'truncated JSON', raw: JSON.stringify(valid).slice(0, -3), names: 'JSON' },
    { name: 'a JSON list', raw: JSON.stringify([valid]) },
    { name: 'a JSON string', raw: '"hello"', names: 'JSON' },
    { name: 'JSON null', raw: 'null', names: 'null' },
    { name: 'plain text', raw: 'hello', contentType: 'text/plain' },
    {
      name: 'constructor key, nested',
      raw: `{"x":{"constructor":{"prototype":{}}},${JSON.stringify(valid).slice(1)}`,
      names: 'x.constructor',
    },
    {
      name: 'JSON nested 5,000 deep',
      raw: `{"x":${'['.repeat(5000)}${']'.repeat(5000)},${JSON.stringify(valid).slice(1)}`,
      names: 'JSON_MAX_DEPTH',
    },
    {
      name: 'gzip content-encoding',
      raw: JSON.stringify(valid),
      headers: { 'content-encoding': 'gzip' },
      status: 415,
      names: 'content-encoding',
    },
    {
      name: 'a charset other than UTF-8',
      raw: JSON.stringify(valid),
      contentType: 'application/json; charset=iso-8859-1',
      status: 415,
      names: 'charset',
    },
    {
      name: 'body over the limit',
      raw: JSON.stringify({ ...valid, pad: 'x'.repeat(2_200_000) }),
      status: 413,
      names: 'limit',
    },
  ];
}

describe('validation of every write endpoint', () => {
  let stack: TestStack;
  let f: Fixtures;

  beforeAll(async () => {
    // Look-back one second after closing, so a look_back task exists to be fed bad input.
    stack = await startStack({ LOOK_BACK_AFTER: '1s' });
    const world = await World.create(stack);
    const at = async (stage: Parameters<World['advance']>[1], opts = {}) => {
      const id = await world.createFinding({ dept: 'D1', ...opts });
      await world.advance(id, stage);
      return id;
    };
    // A D1 finding with D2 co-operating: its contribute task is dept2's.
    const fContribute = await world.createFinding();
    await world.step(fContribute, ['D2']);
    // A D1 finding with a supervision order to D1, and one whose order awaits acceptance.
    const order = async () => {
      const id = await at('draft_measures');
      const res = await world.api.post(`/findings/${id}/supervision-orders`, 'supervisor', {
        departmentId: world.dept('D1'),
        requirement: '验证督办单',
        dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
      });
      if (res.status !== 201) throw new Error(`order: ${res.status}`);
      return { id, taskId: res.body.taskId as string };
    };
    const fOrder = await order();
    const fAnswered = await order();
    const answered = await world.api.post(`/tasks/${fAnswered.taskId}/complete`, 'dept1', {
      answer: '已办理',
    });
    if (answered.status !== 200) throw new Error(`answer: ${answered.status}`);
    const [fAssign, fDraft, fApprove, fEvidence, fR1, fR2, fR3, fLong, fClosed] = [
      await world.createFinding(),
      await at('draft_measures'),
      await at('approve_measures'),
      await at('evidence'),
      await at('review_1'),
      await at('review_2'),
      await at('review_3'),
      await at('long_term', { longTerm: true }),
      await at('closed'),
    ];
    // Due in two seconds: its draft step turns overdue and is escalated to the supervisor.
    const fEscalated = await world.createFinding({
      dept: 'D1',
      dueAt: new Date(Date.now() + 2000).toISOString(),
    });
    const poll = (id: string, kind: TaskKind) =>
      pollUntil(`${kind} task`, async () => (await world.task(id, kind)) ?? undefined, 30_000);
    const tasks = {
      assign: await world.mustTask(fAssign, 'assign'),
      draft_measures: await world.mustTask(fDraft, 'draft_measures'),
      approve_measures: await world.mustTask(fApprove, 'approve_measures'),
      submit_evidence: await world.mustTask(fEvidence, 'submit_evidence'),
      review_1: await world.mustTask(fR1, 'review_1'),
      review_2: await world.mustTask(fR2, 'review_2'),
      review_3: await world.mustTask(fR3, 'review_3'),
      stage_report: await world.mustTask(fLong, 'stage_report'),
      escalation: await poll(fEscalated, 'escalation'),
      look_back: await poll(fClosed, 'look_back'),
      contribute: await world.mustTask(fContribute, 'contribute'),
      supervision_order: await world.mustTask(fOrder.id, 'supervision_order'),
      supervision_order_review: await world.mustTask(fAnswered.id, 'supervision_order_review'),
    } as Record<TaskKind, TaskEntity>;
    const notice = await world.api.get('/notifications', 'dept1');
    f = {
      world,
      roundId: world.roundId,
      tasks,
      findingForEvidence: fDraft,
      foreignEvidence: await world.upload(fApprove, 'dept1'),
      foreignMeasure: (
        await stack.dataSource.getRepository(MeasureEntity).findOneByOrFail({ findingId: fApprove })
      ).id,
      notice: notice.body.items[0].id,
      units: Object.fromEntries(
        (await world.api.get('/units', 'xcb')).body.items.map((u: { code: string; id: string }) => [
          u.code,
          u.id,
        ]),
      ),
      batchId: '',
      meetingId: '',
    };
    f.meetingId = (
      await world.api.post('/meetings', 'office', { heldOn: '2026-12-01', title: '验证专题会议' })
    ).body.id;
    f.batchId = (
      await world.api.post('/batches', 'xcb', {
        title: '验证用批次',
        unitIds: [f.units.U1, f.units.U2],
      })
    ).body.id;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('has a row for every write endpoint the app serves', () => {
    const writes = servedRoutes(stack.app).filter(isWrite);
    const rows = ROWS.map((r) => r.route);
    expect({
      withoutRow: writes.filter((r) => !rows.includes(r)),
      notServed: rows.filter((r) => !writes.includes(r)),
    }).toEqual({
      withoutRow: [],
      notServed: [],
    });
  });

  it.each(ROWS.map((r) => [r.route, r] as const))(
    '%s refuses malformed input, naming the field',
    async (_route, row) => {
      const before = await snapshot(stack);
      const generic = row.valid
        ? genericCases(row.valid(f)).filter((c) => !row.skipGeneric?.includes(c.name))
        : [];
      const cases: (Case & { as?: string })[] = [...row.cases(f), ...generic];
      const problems: string[] = [];
      for (const c of cases) {
        const as = c.as ?? row.as;
        const headers: Record<string, string> = { ...c.headers };
        if (as) headers.authorization = `Bearer ${await f.world.api.token(as)}`;
        let body: string | FormData | undefined;
        if (c.form) body = c.form();
        else if (c.raw !== undefined) {
          body = c.raw;
          headers['content-type'] = c.contentType ?? 'application/json';
        } else if (c.body !== undefined) {
          body = JSON.stringify(c.body);
          headers['content-type'] = 'application/json';
        }
        const res = await fetch(`${stack.url}${c.path ?? row.path(f)}${c.query ?? ''}`, {
          method: row.route.split(' ')[0],
          headers,
          body,
        });
        const text = await res.text();
        const expected = c.status ?? 400;
        if (res.status !== expected)
          problems.push(`${c.name}: expected ${expected}, got ${res.status} ${text.slice(0, 200)}`);
        else if (c.names && !text.includes(c.names))
          problems.push(`${c.name}: the answer does not name ${c.names}: ${text.slice(0, 200)}`);
        else if ([400, 413, 415].includes(expected) && !hasFieldErrors(text))
          problems.push(`${c.name}: no errors [{ field, code, message }]: ${text.slice(0, 200)}`);
      }
      expect(problems).toEqual([]);
      // Refused input changed nothing: no task moved, no event was recorded.
      expect(await snapshot(stack)).toEqual(before);
    },
  );
});

/** The answer carries `errors: [{ field, code, message }]` beside `message`. */
function hasFieldErrors(text: string): boolean {
  try {
    const body = JSON.parse(text) as { message?: unknown; errors?: unknown };
    return (
      body.message !== undefined &&
      Array.isArray(body.errors) &&
      body.errors.length > 0 &&
      body.errors.every(
        (e: { field?: unknown; code?: unknown; message?: unknown }) =>
          typeof e.field === 'string' &&
          typeof e.code === 'string' &&
          typeof e.message === 'string',
      )
    );
  } catch {
    return false;
  }
}

/** What a refused request must leave alone: every task's status and the audit chain's length. */
async function snapshot(stack: TestStack) {
  const tasks = await stack.dataSource
    .getRepository(TaskEntity)
    .find({ select: ['id', 'status', 'assigneeId'], order: { id: 'ASC' } });
  const events = await stack.dataSource.getRepository(AuditEventEntity).count();
  return { tasks, events };
}
