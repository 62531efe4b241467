import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { TaskEntity } from '@rectiflow/persistence';
import { taskInputClasses } from '../../apps/api/src/openapi/task-input-body.decorator';
import { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';

/**
 * The OpenAPI document served at /api/docs-json is a contract tools can build on: redocly's
 * recommended rules find no error in it, and a client generated from it with openapi-typescript
 * compiles under strict tsc and, run against the stack, signs in, reads the inbox and completes
 * a task.
 */

const root = path.resolve(__dirname, '../..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const run = promisify(execFile);

/**
 * Warnings left on purpose:
 * - the licence is named (UNLICENSED, as in package.json: not licensed to others) but has no URL
 *   or SPDX identifier, because there is no licence text to point to;
 * - `GET /api/health` answers 200 or 503 and never a 4xx: it takes no input and no token, so
 *   there is nothing a caller could get wrong; nor do `GET /api/auth/providers` and
 *   `GET /api/public/settings`, for the same reason;
 * - single sign-on's browser steps (`GET /api/auth/oidc/start`, `/callback`) answer 302 and
 *   nothing else: a browser follows them, and every failure is a redirect to the login page too.
 */
const EXPLAINED_WARNINGS = [
  'info-license-strict #/info/license',
  'operation-4xx-response #/paths/~1api~1auth~1providers/get/responses',
  'operation-4xx-response #/paths/~1api~1auth~1oidc~1start/get/responses',
  'operation-2xx-response #/paths/~1api~1auth~1oidc~1start/get/responses',
  'operation-4xx-response #/paths/~1api~1auth~1oidc~1callback/get/responses',
  'operation-2xx-response #/paths/~1api~1auth~1oidc~1callback/get/responses',
  'operation-4xx-response #/paths/~1api~1public~1settings/get/responses',
  'operation-4xx-response #/paths/~1api~1health/get/responses',
];

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

interface Operation {
  operationId: string;
  summary?: string;
  security?: unknown[];
  tags?: string[];
  parameters?: { name: string; in: string; schema?: { type?: string } }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

interface OpenApiDocument {
  openapi: string;
  servers?: unknown[];
  security?: unknown[];
  tags?: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
}

let stack: TestStack;
let dir: string;
let document: OpenApiDocument;
const documentFile = () => path.join(dir, 'openapi.json');
const timings: Record<string, number> = {};

async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings[what] = Date.now() - started;
  }
}

function operations(): [string, Operation][] {
  return Object.entries(document.paths).flatMap(([p, methods]) =>
    Object.entries(methods).map(([method, op]): [string, Operation] => [
      `${method.toUpperCase()} ${p}`,
      op,
    ]),
  );
}

beforeAll(async () => {
  stack = await startStack();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectiflow-openapi-'));
  const res = await fetch(`${stack.url}/api/docs-json`);
  expect(res.status).toBe(200);
  const text = await res.text();
  fs.writeFileSync(documentFile(), text);
  document = JSON.parse(text) as OpenApiDocument;
});

afterAll(async () => {
  await stack?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`openapi-client timings (ms): ${JSON.stringify(timings)}\n`);
});

it('passes redocly lint (recommended rules) with no errors and only the explained warnings', async () => {
  const { stdout } = await timed('redocly lint', () =>
    // Exits non-zero on errors; the report on stdout says which.
    run(bin('redocly'), ['lint', documentFile(), '--extends=recommended', '--format=json'], {
      cwd: dir,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' })),
  );
  const report = JSON.parse(stdout) as { problems: LintProblem[] };
  const describe = (p: LintProblem) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`;
  expect(report.problems.filter((p) => p.severity === 'error').map(describe)).toEqual([]);
  expect(
    report.problems
      .filter((p) => p.severity === 'warn')
      .map((p) => `${p.ruleId} ${p.location[0]?.pointer}`),
  ).toEqual(EXPLAINED_WARNINGS);
});

it('describes every route: summary, schemas of every answer, security, tags and servers', () => {
  expect(document.openapi).toBe('3.1.0');
  expect(document.servers?.length).toBeGreaterThan(0);
  expect(document.security).toEqual([{ bearer: [] }]);
  const declaredTags = new Set((document.tags ?? []).map((t) => t.name));
  const publicRoutes: string[] = [];
  for (const [route, op] of operations()) {
    expect({ route, summary: Boolean(op.summary) }).toEqual({ route, summary: true });
    for (const tag of op.tags ?? [])
      expect({ route, tag, declared: declaredTags.has(tag) }).toEqual({
        route,
        tag,
        declared: true,
      });
    if (op.security?.length === 0) publicRoutes.push(route);
    for (const [status, response] of Object.entries(op.responses)) {
      // A 204 has no body to describe (POST /api/me/password), nor has a 302 (single sign-on's
      // browser steps).
      if (status === '204' || status === '302') {
        expect({ route, content: response.content }).toEqual({ route, content: undefined });
        continue;
      }
      const schemas = Object.values(response.content ?? {}).map((c) => c.schema);
      expect({ route, status, described: schemas.length > 0 && schemas.every(Boolean) }).toEqual({
        route,
        status,
        described: true,
      });
      if (Number(status) >= 400 && route !== 'GET /api/health') {
        expect({ route, status, ref: schemas[0]?.$ref }).toEqual({
          route,
          status,
          ref: '#/components/schemas/ErrorAnswer',
        });
      }
    }
    // Every route that needs a token says what happens without one.
    if (op.security?.length !== 0)
      expect({ route, has401: '401' in op.responses }).toEqual({ route, has401: true });
  }
  // API.md: everything needs a bearer token except health, signing in and /api/public/*.
  expect(publicRoutes.sort()).toEqual([
    'GET /api/auth/oidc/callback',
    'GET /api/auth/oidc/start',
    'GET /api/auth/providers',
    'GET /api/health',
    'GET /api/public/comments/{receiptCode}',
    'GET /api/public/demo-users',
    'GET /api/public/rounds/{slug}',
    'GET /api/public/rounds/{slug}/findings',
    'GET /api/public/settings',
    'POST /api/auth/login',
    'POST /api/public/rounds/{slug}/comments',
  ]);
});

it('types numbers as numbers, one Idempotency-Key, and each task kind its own body', () => {
  const inbox = document.paths['/api/inbox'].get;
  const query = Object.fromEntries((inbox.parameters ?? []).map((p) => [p.name, p.schema?.type]));
  expect({ page: query.page, pageSize: query.pageSize }).toEqual({
    page: 'integer',
    pageSize: 'integer',
  });
  const complete = document.paths['/api/tasks/{id}/complete'].post;
  const headers = (complete.parameters ?? []).filter((p) => p.in === 'header');
  expect(headers.map((h) => h.name)).toEqual(['Idempotency-Key']);
  const body = complete.requestBody?.content['application/json'].schema as {
    oneOf: { $ref: string }[];
  };
  // Each kind's body, a public comment's included.
  const bodyClasses = new Set([...taskInputClasses().keys()].map((dto) => dto.name));
  expect(body.oneOf.map((s) => s.$ref).sort()).toEqual(
    [...bodyClasses].map((name) => `#/components/schemas/${name}`).sort(),
  );
});

/** A program a client team would write, against nothing but the generated types. */
const CLIENT_PROGRAM = `
import createClient from 'openapi-fetch';
import type { components, paths } from './api.js';

type TaskView = components['schemas']['TaskView'];

const [baseUrl, findingId, idempotencyKey] = process.argv.slice(2);
const api = createClient<paths>({ baseUrl });

const login = await api.POST('/api/auth/login', { body: { username: 'dept1', password: 'demo' } });
if (!login.data) throw new Error(\`login: \${login.response.status}\`);
const headers = { Authorization: \`Bearer \${login.data.accessToken}\` };

const inbox = await api.GET('/api/inbox', {
  params: { query: { kind: 'draft_measures', page: 1, pageSize: 100 } },
  headers,
});
if (!inbox.data) throw new Error(\`inbox: \${inbox.response.status}\`);
const total: number = inbox.data.total;
const task: TaskView | undefined = inbox.data.items.find((t) => t.findingId === findingId);
if (!task) throw new Error(\`no draft_measures task for \${findingId} among \${total}\`);

const done = await api.POST('/api/tasks/{id}/complete', {
  params: { path: { id: task.id }, header: { 'Idempotency-Key': idempotencyKey } },
  body: { measures: [{ text: '一是完善制度，二是加强培训' }] },
  headers,
});
if (!done.data) throw new Error(\`complete: \${done.response.status} \${JSON.stringify(done.error)}\`);
// null only for a public comment's task (no finding's step).
if (!done.data.finding) throw new Error('a finding step answers its finding');
const stage: components['schemas']['Stage'] = done.data.finding.stage;
console.log(JSON.stringify({ taskId: task.id, status: done.data.task.status, stage, total }));

// The generated types are precise, not \`any\`: each of these must fail to compile.
async function wrongUses(): Promise<void> {
  // @ts-expect-error page is a number
  await api.GET('/api/inbox', { params: { query: { page: '1' } }, headers });
  // @ts-expect-error no task kind is called so
  await api.GET('/api/inbox', { params: { query: { kind: 'no_such_kind' } }, headers });
  // @ts-expect-error a body matches one kind's schema (here: measures must be a list)
  await api.POST('/api/tasks/{id}/complete', { params: { path: { id: task!.id } }, body: { measures: 'x' }, headers });
  // @ts-expect-error a finding's stage is one of the stages
  const _stage: components['schemas']['Stage'] = 'somewhere';
}
void wrongUses;
`;

it('generates a client that compiles under strict tsc and completes a task', async () => {
  // A finding assigned at creation: its draft_measures task is in dept1's inbox when this answers.
  const api = new ApiClient(stack.url);
  const departments = await api.get('/departments', 'office');
  const d1 = departments.body.items.find((d: { code: string }) => d.code === 'D1').id as string;
  await api.token('leader1');
  const round = await api.post('/rounds', 'office', { title: '生成客户端测试', source: 'self' });
  expect(round.status).toBe(201);
  const finding = await api.post(`/rounds/${round.body.id}/findings`, 'office', {
    title: '生成的客户端完成一项任务',
    leadDepartmentId: d1,
    responsibleLeaderId: api.userId('leader1'),
    dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  expect(finding.status).toBe(201);
  const findingId = finding.body.id as string;
  const expected = await api.taskFor('dept1', findingId, 'draft_measures');
  expect(expected).toBeDefined();

  // The program and its generated types live outside the repository; node_modules is linked in.
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noUncheckedIndexedAccess: true,
        noUnusedLocals: false,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        types: ['node'],
        // Only node_modules' declarations are skipped: api.ts (the generated types) is checked.
        skipLibCheck: true,
        outDir: 'out',
      },
      files: ['client.ts', 'api.ts'],
    }),
  );
  fs.writeFileSync(path.join(dir, 'client.ts'), CLIENT_PROGRAM);
  await timed('openapi-typescript', () =>
    run(bin('openapi-typescript'), [documentFile(), '-o', path.join(dir, 'api.ts')], { cwd: dir }),
  );
  await timed('tsc --strict', () =>
    run(bin('tsc'), ['-p', path.join(dir, 'tsconfig.json')], { cwd: dir }).catch(
      (err: { stdout?: string }) => {
        throw new Error(`the generated client does not compile:\n${err.stdout}`);
      },
    ),
  );

  const { stdout } = await timed('client run', () =>
    run(process.execPath, ['out/client.js', stack.url, findingId, `openapi-client-${findingId}`], {
      cwd: dir,
    }),
  );
  const outcome = JSON.parse(stdout.trim()) as Record<string, unknown>;
  expect(outcome).toMatchObject({
    taskId: expected.id,
    status: 'done',
    stage: 'approve_measures',
  });
  // What landed, seen without the generated client: the task is done, the next step is open.
  const row = await stack.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: expected.id });
  expect(row.status).toBe('done');
  expect(await api.taskFor('dept1', findingId, 'draft_measures')).toBeUndefined();
  expect(await api.taskFor('leader1', findingId, 'approve_measures')).toBeDefined();
});
