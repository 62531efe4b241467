import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '@rectiflow/config';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BatchesModule } from './batches/batches.module';
import { APP_CONFIG, ConfigModule } from './config/config.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { MeetingsModule } from './meetings/meetings.module';
import { PublicationModule } from './publication/publication.module';
import { SupervisionModule } from './supervision/supervision.module';
import { ScorecardModule } from './scorecard/scorecard.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { EvidenceModule } from './evidence/evidence.module';
import { ExportsModule } from './exports/exports.module';
import { FindingChangesModule } from './findings/finding-changes.module';
import { FindingsModule } from './findings/findings.module';
import { LookBackModule } from './look-back/look-back.module';
import { CommentsModule } from './comments/comments.module';
import { OutcomesModule } from './outcomes/outcomes.module';
import { SettingsModule } from './settings/settings.module';
import { HealthModule } from './health/health.module';
import { InboxModule } from './inbox/inbox.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrganisationModule } from './organisation/organisation.module';
import { ReportsModule } from './reports/reports.module';
import { ImportModule } from './rounds/import.module';
import { RoundsModule } from './rounds/rounds.module';
import { TasksModule } from './tasks/tasks.module';
import { PublicCommentsModule } from './public-comments/public-comments.module';
import { TemporalModule } from './temporal/temporal.module';
import { UnitsModule } from './units/units.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  /** `config` is given by tests; the server reads and validates the environment. */
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => ({
            pinoHttp: {
              level: c.env.LOG_LEVEL,
              autoLogging: c.env.LOG_LEVEL === 'debug',
              redact: ['req.headers.authorization'],
              transport: c.production
                ? undefined
                : { target: 'pino-pretty', options: { singleLine: true, colorize: true } },
            },
          }),
        }),
        DatabaseModule,
        TemporalModule,
        ExportsModule,
        AuditModule,
        AuthModule,
        OrganisationModule,
        UnitsModule,
        BatchesModule,
        RoundsModule,
        FindingsModule,
        CommentsModule,
        OutcomesModule,
        SettingsModule,
        FindingChangesModule,
        LookBackModule,
        InboxModule,
        TasksModule,
        PublicCommentsModule,
        ImportModule,
        EvidenceModule,
        NotificationsModule,
        HealthModule,
        ReportsModule,
        DashboardModule,
        SupervisionModule,
        ScorecardModule,
        MeetingsModule,
        PublicationModule,
        DemoModule,
        // Last: the web app's catch-all route must not shadow any API route.
        WebModule.forRoot(config),
      ],
    };
  }
}
