import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FindingsModule } from '../findings/findings.module';
import { AssignmentCheck } from './assignment-check';
import { FindingCreationService } from './finding-creation.service';
import { RoundsController } from './rounds.controller';
import { RoundsService } from './rounds.service';

@Module({
  imports: [AuditModule, FindingsModule],
  controllers: [RoundsController],
  providers: [RoundsService, FindingCreationService, AssignmentCheck],
  exports: [RoundsService, FindingCreationService, AssignmentCheck],
})
export class RoundsModule {}
