import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FindingsModule } from '../findings/findings.module';
import { CommentsController } from './comments.controller';
import { CommentsService } from './comments.service';

@Module({
  imports: [AuditModule, FindingsModule],
  controllers: [CommentsController],
  providers: [CommentsService],
})
export class CommentsModule {}
