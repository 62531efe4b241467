import * as http from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { WorkflowOutboxEntity } from '@rectiflow/persistence';

/**
 * Prometheus metrics of the API: requests by route and status, their latencies, and Node's own
 * figures (event loop lag, heap, GC). Served on a port of their own (METRICS_PORT), never
 * through the public proxy.
 */
export class HttpMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'rectiflow_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'rectiflow_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    // An inbox read takes milliseconds; a step waits for its workflow (UPDATE_TIMEOUT).
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * The workflow outbox's depth, counted in the read model at each scrape: `start` rows are
   * findings whose workflow is not running yet, `terminate` rows rolled-back findings whose
   * workflow is still to go. The table is shared, so every replica reports the same figure
   * (aggregate with max). Rows staying above zero for minutes mean Temporal is unreachable.
   */
  watchOutbox(dataSource: DataSource): void {
    new Gauge({
      name: 'rectiflow_workflow_outbox_rows',
      help: 'Rows in the workflow outbox (finding workflows still to start or terminate), by action',
      labelNames: ['action'] as const,
      registers: [this.registry],
      async collect() {
        const rows = await dataSource
          .getRepository(WorkflowOutboxEntity)
          .createQueryBuilder('o')
          .select('o.action', 'action')
          .addSelect('COUNT(*)', 'n')
          .groupBy('o.action')
          .getRawMany<{ action: string; n: string | number }>();
        const counts = new Map(rows.map((r) => [r.action, Number(r.n)]));
        for (const action of ['start', 'terminate'] as const)
          this.set({ action }, counts.get(action) ?? 0);
      },
    });
  }

  /** Express middleware: counts each request once it is answered, by its route's pattern. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const end = this.latency.startTimer();
    res.once('finish', () => {
      // The pattern (/api/tasks/:id/complete), not the path: ids would make endless series.
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      this.requests.inc(labels);
      end(labels);
    });
    next();
  };

  /** Serves GET /metrics on host:port; resolves once listening. */
  serve(port: number, host: string): Promise<http.Server> {
    const server = http.createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  }
}
