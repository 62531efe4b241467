import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import type { AppConfig } from '@rectiflow/config';
import { AuditModule } from '../audit/audit.module';
import { APP_CONFIG } from '../config/config.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { BatchesController } from './batches.controller';
import { BatchesService } from './batches.service';

@Module({
  imports: [
    AuditModule,
    EvidenceModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        storage: memoryStorage(),
        limits: { fileSize: config.env.UPLOAD_MAX_BYTES, files: 10 },
      }),
    }),
  ],
  controllers: [BatchesController],
  providers: [BatchesService],
})
export class BatchesModule {}
