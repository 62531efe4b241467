import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { TasksModule } from '../tasks/tasks.module';
import { ImportController } from './import.controller';
import { ImportService } from './import.service';
import { RoundsModule } from './rounds.module';

/**
 * POST /api/rounds/:id/import: its own module, because an import that assigns completes the
 * new findings' `assign` tasks (TasksModule), which in turn needs the rounds (RoundsModule).
 */
@Module({
  imports: [AuditModule, RoundsModule, TasksModule],
  controllers: [ImportController],
  providers: [ImportService],
})
export class ImportModule {}
