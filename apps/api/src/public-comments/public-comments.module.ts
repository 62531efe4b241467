import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FindingsModule } from '../findings/findings.module';
import {
  OfficePublicCommentsController,
  PublicCommentsController,
} from './public-comments.controller';
import { PublicCommentsService } from './public-comments.service';

/** 意见建议: the public's comments on a published round and the office's tasks for them. */
@Module({
  imports: [AuditModule, FindingsModule],
  controllers: [PublicCommentsController, OfficePublicCommentsController],
  providers: [PublicCommentsService],
  exports: [PublicCommentsService],
})
export class PublicCommentsModule {}
