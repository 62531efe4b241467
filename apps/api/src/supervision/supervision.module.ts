import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FindingsModule } from '../findings/findings.module';
import { RoundsModule } from '../rounds/rounds.module';
import { OrganisationNames } from './organisation-names';
import { SupervisionController } from './supervision.controller';
import { SupervisionService } from './supervision.service';

/** GET /api/supervision (督办台账) and its export. */
@Module({
  imports: [AuditModule, FindingsModule, RoundsModule],
  controllers: [SupervisionController],
  providers: [SupervisionService, OrganisationNames],
})
export class SupervisionModule {}
