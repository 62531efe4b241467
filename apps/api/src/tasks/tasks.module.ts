import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { RoundsModule } from '../rounds/rounds.module';
import { AuditModule } from '../audit/audit.module';
import { BatchAssignController } from './batch-assign.controller';
import { BatchAssignService } from './batch-assign.service';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [AuditModule, FindingsModule, RoundsModule],
  controllers: [TasksController, BatchAssignController],
  providers: [TasksService, BatchAssignService],
})
export class TasksModule {}
