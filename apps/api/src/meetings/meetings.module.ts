import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CommentsModule } from '../comments/comments.module';
import { FindingChangesModule } from '../findings/finding-changes.module';
import { TasksModule } from '../tasks/tasks.module';
import { MeetingsController } from './meetings.controller';
import { MeetingsService } from './meetings.service';

/** 专题会议: meetings, their agenda and pack, and the decisions recorded against findings. */
@Module({
  imports: [AuditModule, TasksModule, FindingChangesModule, CommentsModule],
  controllers: [MeetingsController],
  providers: [MeetingsService],
})
export class MeetingsModule {}
