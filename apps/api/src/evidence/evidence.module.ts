import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import type { AppConfig } from '@rectiflow/config';
import { AuditModule } from '../audit/audit.module';
import { APP_CONFIG } from '../config/config.module';
import { FindingsModule } from '../findings/findings.module';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';
import { evidenceStoreProvider } from './evidence-store.provider';

@Module({
  imports: [
    AuditModule,
    FindingsModule,
    // Over UPLOAD_MAX_BYTES multer stops reading and Nest answers 413.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        storage: memoryStorage(),
        limits: { fileSize: config.env.UPLOAD_MAX_BYTES, files: 1 },
      }),
    }),
  ],
  controllers: [EvidenceController],
  providers: [EvidenceService, evidenceStoreProvider],
})
export class EvidenceModule {}
