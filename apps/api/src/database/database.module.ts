import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import { createDataSource, runMigrationsWithRetry } from '@rectiflow/persistence';
import { APP_CONFIG } from '../config/config.module';
import { DEMO_PASSWORD, seedDemoOrganisation } from './demo-organisation';

/** Provides the read model's DataSource: migrated at boot, seeded in the embedded default. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        const logger = new Logger('Database');
        const dataSource = createDataSource({
          databaseUrl: config.databaseUrl,
          dataDir: config.dataDir,
          poolSize: config.env.DATABASE_POOL_SIZE,
        });
        await dataSource.initialize();
        await runMigrationsWithRetry(dataSource);
        logger.log(
          `read model on ${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`}`,
        );
        if (config.seedDemo && (await seedDemoOrganisation(dataSource))) {
          logger.log(
            `seeded the demo organisation: users office, committee, leader1, leader2, supervisor, inspector, dept1-3, dept1head-dept3head; password "${DEMO_PASSWORD}"`,
          );
        }
        return dataSource;
      },
    },
  ],
  exports: [DataSource],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
