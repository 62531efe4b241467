import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '@rectiflow/config';
import { APP_CONFIG } from '../config/config.module';
import { FindingWorkflowClient } from './finding-workflow.client';

/**
 * A plain provider around `@temporalio/client` (as Temporal's own NestJS sample does). The
 * connection is lazy, so the API boots, and reports Temporal in /api/health, while the
 * server is still starting.
 */
@Global()
@Module({
  providers: [
    {
      provide: Client,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new Client({
          connection: Connection.lazy({ address: config.env.TEMPORAL_ADDRESS }),
          namespace: config.env.TEMPORAL_NAMESPACE,
        }),
    },
    FindingWorkflowClient,
  ],
  exports: [Client, FindingWorkflowClient],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(Client) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
