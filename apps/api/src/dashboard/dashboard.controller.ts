import type { DashboardView, TrendView } from '@rectiflow/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators';
import { ApiRoute } from '../openapi/api-route.decorator';
import { DashboardService } from './dashboard.service';
import { DashboardQueryDto } from './dto/dashboard-query.dto';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @ApiRoute({
    summary: 'Figures of one round, or of every round the caller sees',
    answer: 'DashboardView',
    errors: { 404: 'No round has this id' },
  })
  get(@Query() query: DashboardQueryDto, @CurrentUser() user: AuthUser): Promise<DashboardView> {
    return this.dashboard.dashboard(query.roundId, user, query.unitId);
  }

  @Get('trend')
  @ApiRoute({
    summary:
      'Findings opened, closed and overdue per week (ORG_TIMEZONE): over the round, or the last 12 weeks',
    answer: 'TrendView',
    errors: { 404: 'No round has this id' },
  })
  trend(@Query() query: DashboardQueryDto, @CurrentUser() user: AuthUser): Promise<TrendView> {
    return this.dashboard.trend(query.roundId, user, query.unitId);
  }
}
