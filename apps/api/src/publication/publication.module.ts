import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FindingsModule } from '../findings/findings.module';
import { ReportsModule } from '../reports/reports.module';
import { RoundsModule } from '../rounds/rounds.module';
import { PublicationController } from './publication.controller';
import { PublicationService } from './publication.service';
import { PublicRoundsController } from './public-rounds.controller';

/** 公开: publishing a round's public report, the public page's data, withholding findings. */
@Module({
  imports: [AuditModule, FindingsModule, ReportsModule, RoundsModule],
  controllers: [PublicationController, PublicRoundsController],
  providers: [PublicationService],
  exports: [PublicationService],
})
export class PublicationModule {}
