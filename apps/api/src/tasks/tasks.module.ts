import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { RoundsModule } from '../rounds/rounds.module';
import { PublicCommentsModule } from '../public-comments/public-comments.module';
import { AuditModule } from '../audit/audit.module';
import { BatchAssignController } from './batch-assign.controller';
import { BatchAssignService } from './batch-assign.service';
import { BatchStepsController } from './batch-steps.controller';
import { BatchStepsService } from './batch-steps.service';
import { TaskDraftsController } from './task-drafts.controller';
import { TaskDraftsService } from './task-drafts.service';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [AuditModule, FindingsModule, RoundsModule, PublicCommentsModule],
  // The batch routes (`tasks/claim`, `tasks/approve`) are registered before `tasks/:id/…`.
  controllers: [BatchStepsController, TasksController, TaskDraftsController, BatchAssignController],
  providers: [TasksService, BatchAssignService, BatchStepsService, TaskDraftsService],
  exports: [BatchAssignService, TasksService],
})
export class TasksModule {}
