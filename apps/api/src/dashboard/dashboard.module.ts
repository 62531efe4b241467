import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { RoundsModule } from '../rounds/rounds.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

/** GET /api/dashboard: round figures and the per-department appraisal figures. */
@Module({
  imports: [FindingsModule, RoundsModule],
  controllers: [DashboardController],
  providers: [DashboardService],
})
export class DashboardModule {}
