import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { AesGcmPayloadCodec, loadPayloadKeys, startTracing, type Tracing } from '@rectiflow/config';
import { findingWorkflowId } from '@rectiflow/contracts';
import { bundleWorkflows } from '../../apps/worker/src/workflow-bundle';
import { workflowBundle, type TestStack } from '../support/stack';
import { pollUntil } from '../support/poll';
import { World } from '../support/world';

/** A span as OTLP/HTTP JSON carries it (ids in hex). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

/**
 * A tiny OTLP/HTTP receiver: collects the spans the exporter posts to /v1/traces as JSON (what
 * @opentelemetry/exporter-trace-otlp-http sends) with the service that sent them.
 */
async function startReceiver() {
  const spans: (OtlpSpan & { service: string })[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: {
            resource: { attributes: { key: string; value: { stringValue?: string } }[] };
            scopeSpans: { spans: OtlpSpan[] }[];
          }[];
        };
        for (const rs of body.resourceSpans) {
          const service =
            rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ ...s, service });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    spans,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Operators can follow one step: with OTEL_EXPORTER_OTLP_ENDPOINT set, the HTTP request, the
 * API's Update, the workflow's handling of it and the projection activity land in one trace
 * (the trace the caller's `traceparent` began), exported over OTLP/HTTP to a receiver here.
 */
describe('OpenTelemetry traces of a step', () => {
  const OTEL_ENV = {
    OTEL_EXPORTER_OTLP_ENDPOINT: '',
    OTEL_BSP_SCHEDULE_DELAY: '100',
    OTEL_SERVICE_NAME: 'rectiflow-e2e',
  };
  const saved: Record<string, string | undefined> = {};
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let tracing: Tracing | null = null;
  let stack: TestStack;
  let world: World;

  beforeAll(async () => {
    receiver = await startReceiver();
    OTEL_ENV.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
    for (const [k, v] of Object.entries(OTEL_ENV)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    // As main.ts does: tracing first, then the API (its node:http instrumented) and the worker.
    tracing = startTracing('rectiflow-api', { instrumentHttp: true });
    if (!tracing) throw new Error('tracing was not started');
    const traced = await bundleWorkflows({ traced: true });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startStack } = require('../support/stack') as typeof import('../support/stack');
    stack = await startStack({}, { tracing, workflowBundle: { code: traced.code } });
    world = await World.create(stack);
  });

  afterAll(async () => {
    await stack?.close();
    await tracing?.shutdown();
    await receiver?.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('holds the HTTP request, the Update, its handling in the workflow and the projection in one trace', async () => {
    const findingId = await world.createFinding({ dept: 'D1' });
    const task = await pollUntil(
      'the draft task',
      async () => (await world.task(findingId, 'draft_measures')) ?? undefined,
    );
    // The caller's own trace (a gateway's, say): the API continues it.
    const traceId = randomBytes(16).toString('hex');
    const res = await world.api.post(
      `/tasks/${task.id}/complete`,
      'dept1',
      { measures: [{ text: '一是建立长效机制' }] },
      { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    );
    expect(res.status).toBe(200);

    const want = [
      'POST /api/tasks/:id/complete',
      'StartWorkflowUpdate:completeTask',
      'HandleUpdate:completeTask',
      'StartActivity:applyProjection',
      'RunActivity:applyProjection',
    ];
    const trace = await pollUntil(
      'the step’s spans at the receiver',
      async () => {
        const inTrace = receiver.spans.filter((s) => s.traceId === traceId);
        const names = new Set(inTrace.map((s) => s.name));
        return want.every((n) => names.has(n)) ? inTrace : undefined;
      },
      30_000,
    ).catch((err: Error) => {
      // What did arrive, by trace, to tell a broken link from no export at all.
      const seen = new Map<string, string[]>();
      for (const s of receiver.spans) seen.set(s.traceId, [...(seen.get(s.traceId) ?? []), s.name]);
      throw new Error(`${err.message}; ours ${traceId}; received ${JSON.stringify([...seen])}`);
    });
    const byName = (name: string) => trace.find((s) => s.name === name) as OtlpSpan;
    // Each is the child of the one before: the context crossed HTTP, gRPC headers, the
    // workflow sandbox and the activity's headers.
    for (let i = 1; i < want.length; i++)
      expect({ span: want[i], parent: byName(want[i]).parentSpanId }).toEqual({
        span: want[i],
        parent: byName(want[i - 1]).spanId,
      });
    // No finding's words in span attributes (they are not encrypted, unlike payloads).
    const attributes = JSON.stringify(trace.map((s) => s.attributes ?? []));
    expect(attributes).not.toContain('一是建立长效机制');
    expect(attributes).not.toContain((await world.finding(findingId)).title);
    // Every span says which service made it (OTEL_SERVICE_NAME).
    expect([...new Set(trace.map((s) => s.service))]).toEqual(['rectiflow-e2e']);
  });

  it('leaves histories a worker without tracing replays (tracing can be switched off again)', async () => {
    // Steps taken by the traced worker: the Updates carry trace headers and the workflow ran
    // the tracing interceptors. A worker started later without OTEL_* runs the plain bundle.
    const findingId = await world.createFinding({ dept: 'D1' });
    for (const [user, kind, body] of [
      ['dept1', 'draft_measures', { measures: [{ text: '一是…' }] }],
      ['leader1', 'approve_measures', { decision: 'approve' }],
    ] as const) {
      const task = await pollUntil(
        kind,
        async () => (await world.task(findingId, kind)) ?? undefined,
      );
      expect((await world.api.post(`/tasks/${task.id}/complete`, user, body)).status).toBe(200);
    }
    const workflowId = findingWorkflowId(findingId);
    const history = await stack.app.get(Client).workflow.getHandle(workflowId).fetchHistory();
    // Throws DeterminismViolationError when the plain code takes another path than the traced.
    await Worker.runReplayHistory(
      {
        workflowBundle: workflowBundle(),
        dataConverter: {
          payloadCodecs: [new AesGcmPayloadCodec(loadPayloadKeys(stack.config))],
        },
      },
      history,
      workflowId,
    );
    expect(workflowBundle().code).not.toContain('OpenTelemetryInboundInterceptor');
  });

  it('keeps a query string (search words) out of the server span', async () => {
    const traceId = randomBytes(16).toString('hex');
    const res = await world.api.request('GET', `/inbox?q=${encodeURIComponent('机密检索词')}`, {
      as: 'dept1',
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    expect(res.status).toBeLessThan(500);
    const span = await pollUntil('the inbox request’s span', async () =>
      receiver.spans.find((s) => s.traceId === traceId && s.kind === 2),
    );
    expect(span.name).toMatch(/^GET \/api\/inbox/);
    const attributes = JSON.stringify(span.attributes);
    expect(attributes).toContain('/api/inbox');
    expect(attributes).not.toContain('q=');
    expect(attributes).not.toContain(encodeURIComponent('机密检索词'));
  });
});
