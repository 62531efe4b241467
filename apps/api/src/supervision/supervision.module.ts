import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FindingsModule } from '../findings/findings.module';
import { RoundsModule } from '../rounds/rounds.module';
import { OrganisationNames } from './organisation-names';
import { SupervisionController } from './supervision.controller';
import { SupervisionRecordsService } from './supervision-records.service';
import { SupervisionService } from './supervision.service';

/** GET /api/supervision (督办台账) and its export; 约谈 and 问责 records. */
@Module({
  imports: [AuditModule, FindingsModule, RoundsModule],
  controllers: [SupervisionController],
  providers: [SupervisionService, SupervisionRecordsService, OrganisationNames],
})
export class SupervisionModule {}
