import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import {
  Client,
  Connection,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  type WorkflowClientInterceptor,
} from '@temporalio/client';
import {
  AesGcmPayloadCodec,
  loadPayloadKeys,
  temporalTlsOptions,
  tracingConfigured,
  type AppConfig,
} from '@rectiflow/config';
import { APP_CONFIG } from '../config/config.module';
import { FindingWorkflowClient } from './finding-workflow.client';
import { WorkflowPrefetch } from './workflow-prefetch';
import { TemporalCalls } from './temporal-calls';
import { WorkflowOutbox } from './workflow-outbox';
import { WorkflowStarter } from './workflow-starter';

/**
 * The client retries an unreachable server from timers. A retry firing after the connection
 * is closed throws "Channel has been shut down" from its timer and takes the process down, so
 * at shutdown no new retry is scheduled and the scheduled ones are let run before closing.
 */
@Injectable()
export class RetryTimers {
  private closing = false;
  private lastFireAt = 0;

  interceptor() {
    const base = defaultGrpcRetryOptions();
    return makeGrpcRetryInterceptor({
      retryableDecider: (attempt, status) =>
        !this.closing && base.retryableDecider(attempt, status),
      delayFunction: (attempt, status) => {
        const delay = base.delayFunction(attempt, status);
        this.lastFireAt = Math.max(this.lastFireAt, Date.now() + delay);
        return delay;
      },
    });
  }

  async drain(): Promise<void> {
    this.closing = true;
    const wait = this.lastFireAt - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait + 200));
  }
}

/**
 * With tracing configured (src/tracing.ts), each start, Update and query is a client span whose
 * context travels to the workflow in the call's headers; unset, the package is not loaded.
 */
function tracingInterceptors(): WorkflowClientInterceptor[] {
  if (!tracingConfigured()) return [];
  type Otel = typeof import('@temporalio/interceptors-opentelemetry');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const otel = require('@temporalio/interceptors-opentelemetry') as Otel;
  return [new otel.OpenTelemetryWorkflowClientInterceptor()];
}

/**
 * A plain provider around `@temporalio/client` (as Temporal's own NestJS sample does). The
 * connection is lazy, so the API boots, and reports Temporal in /api/health, while the
 * server is still starting.
 */
@Global()
@Module({
  providers: [
    RetryTimers,
    {
      provide: Client,
      inject: [APP_CONFIG, RetryTimers],
      useFactory: (config: AppConfig, retries: RetryTimers) =>
        new Client({
          connection: Connection.lazy({
            address: config.env.TEMPORAL_ADDRESS,
            // mTLS in production (TEMPORAL_TLS_*); plain on the embedded default's loopback.
            tls: temporalTlsOptions(config.temporalTls),
            interceptors: [retries.interceptor()],
            // A restarted server is found within seconds, not after gRPC's two-minute backoff.
            channelArgs: { 'grpc.max_reconnect_backoff_ms': 5000 },
          }),
          namespace: config.env.TEMPORAL_NAMESPACE,
          interceptors: { workflow: tracingInterceptors() },
          // Every payload encrypted with the key the workers hold (THREAT-MODEL.md, "Temporal").
          dataConverter: { payloadCodecs: [new AesGcmPayloadCodec(loadPayloadKeys(config))] },
        }),
    },
    TemporalCalls,
    WorkflowStarter,
    WorkflowOutbox,
    FindingWorkflowClient,
    WorkflowPrefetch,
  ],
  exports: [
    Client,
    FindingWorkflowClient,
    TemporalCalls,
    WorkflowOutbox,
    WorkflowPrefetch,
    WorkflowStarter,
  ],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(
    @Inject(Client) private readonly client: Client,
    private readonly retries: RetryTimers,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.retries.drain();
    await this.client.connection.close();
  }
}
