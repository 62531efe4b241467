import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import type { AppConfig } from '@rectiflow/config';
import { AuditModule } from '../audit/audit.module';
import { APP_CONFIG } from '../config/config.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { FindingsModule } from '../findings/findings.module';
import { CommentFilesController } from './comment-files.controller';
import { CommentsController } from './comments.controller';
import { CommentsService } from './comments.service';

@Module({
  imports: [
    AuditModule,
    FindingsModule,
    // The evidence store keeps a comment's files too (by content hash).
    EvidenceModule,
    // The evidence upload limits: over UPLOAD_MAX_BYTES multer stops reading and Nest answers 413.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        storage: memoryStorage(),
        limits: { fileSize: config.env.UPLOAD_MAX_BYTES, files: 1 },
      }),
    }),
  ],
  controllers: [CommentsController, CommentFilesController],
  providers: [CommentsService],
  exports: [CommentsService],
})
export class CommentsModule {}
