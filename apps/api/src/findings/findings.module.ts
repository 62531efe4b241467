import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { HaltedFindingsService } from './halted-findings.service';
import { FindingsController } from './findings.controller';
import { FindingsService } from './findings.service';

@Module({
  imports: [AuditModule],
  controllers: [FindingsController],
  providers: [FindingsService, HaltedFindingsService],
  exports: [FindingsService],
})
export class FindingsModule {}
