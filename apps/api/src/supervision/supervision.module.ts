import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import type { AppConfig } from '@rectiflow/config';
import { AuditModule } from '../audit/audit.module';
import { APP_CONFIG } from '../config/config.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { FindingsModule } from '../findings/findings.module';
import { RoundsModule } from '../rounds/rounds.module';
import { OrganisationNames } from './organisation-names';
import { SupervisionController } from './supervision.controller';
import { SupervisionRecordsService } from './supervision-records.service';
import { SupervisionService } from './supervision.service';

/** GET /api/supervision (督办台账) and its export; 约谈 and 问责 records. */
@Module({
  imports: [
    AuditModule,
    FindingsModule,
    RoundsModule,
    // A record's files are kept by the evidence store (by content hash), under its upload limits.
    EvidenceModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        storage: memoryStorage(),
        limits: { fileSize: config.env.UPLOAD_MAX_BYTES, files: 1 },
      }),
    }),
  ],
  controllers: [SupervisionController],
  providers: [SupervisionService, SupervisionRecordsService, OrganisationNames],
})
export class SupervisionModule {}
