import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FindingsModule } from '../findings/findings.module';
import { RoundsModule } from '../rounds/rounds.module';
import { ApprovalFormService } from './approval-form.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { RoundContentsReader } from './round-contents';

/** Documents about a round: the ledger (xlsx), the progress report (md/docx), the import template. */
@Module({
  imports: [AuditModule, FindingsModule, RoundsModule],
  controllers: [ReportsController],
  providers: [ReportsService, RoundContentsReader, ApprovalFormService],
  exports: [RoundContentsReader, ReportsService],
})
export class ReportsModule {}
