import { Module } from '@nestjs/common';
import { AssignmentCheck } from '../rounds/assignment-check';
import { FindingChangesController } from './finding-changes.controller';
import { FindingChangesService } from './finding-changes.service';
import { FindingsModule } from './findings.module';

/** The office's changes to running findings (改派, 延期, a new title, 撤回). */
@Module({
  imports: [FindingsModule],
  controllers: [FindingChangesController],
  providers: [FindingChangesService, AssignmentCheck],
  exports: [FindingChangesService],
})
export class FindingChangesModule {}
