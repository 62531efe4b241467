import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { RoundsModule } from '../rounds/rounds.module';
import { ScorecardController } from './scorecard.controller';
import { ScorecardService } from './scorecard.service';

/** GET /api/scorecard (绩效考核) and its export. */
@Module({
  imports: [AuditModule, RoundsModule],
  controllers: [ScorecardController],
  providers: [ScorecardService],
})
export class ScorecardModule {}
