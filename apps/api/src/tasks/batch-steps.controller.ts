import type { BatchApproveAnswer, BatchClaimAnswer } from '@rectiflow/contracts';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { ApiRoute } from '../openapi/api-route.decorator';
import { BatchStepsService } from './batch-steps.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class BatchStepsController {
  constructor(private readonly batch: BatchStepsService) {}

  /** 批量认领: `{ taskIds }`; each claimed as one by one, the others listed with the reason. */
  @Post('claim')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Claims many tasks at once (批量认领)',
    answer: 'BatchClaimAnswer',
    errors: {},
  })
  claim(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<BatchClaimAnswer> {
    return this.batch.claim(body, user);
  }

  /**
   * 批量同意: `{ taskIds, comment? }` — a leader approves many measure plans; each
   * `approve_measures` step is completed as one by one (separation of duties per task).
   */
  @Roles('leader')
  @Post('approve')
  @HttpCode(200)
  @ApiRoute({
    summary: "Approves many measure plans at once (批量同意, a leader's approve_measures)",
    answer: 'BatchApproveAnswer',
    errors: {},
  })
  approve(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<BatchApproveAnswer> {
    return this.batch.approve(body, user);
  }
}
