import type { BatchAssignAnswer } from '@rectiflow/contracts';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { uuidParam } from '../http/uuid-param';
import { ApiRoute } from '../openapi/api-route.decorator';
import { BatchAssignService } from './batch-assign.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('rounds')
export class BatchAssignController {
  constructor(private readonly batch: BatchAssignService) {}

  /**
   * 批量交办: `{ findingIds, responsibleLeaderId, leadDepartmentId, coDepartmentIds?, dueAt,
   * longTerm? }`. Each finding's `assign` task is completed as if done one by one (same checks,
   * same workflow step, same audit); those that cannot be are listed with the reason.
   */
  @Roles('office')
  @Post(':id/assign')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Assigns many findings of a round at once (批量交办)',
    answer: 'BatchAssignAnswer',
    errors: { 404: 'No round has this id' },
  })
  assign(
    @Param('id', uuidParam()) id: string,
    @Body() body: unknown,
    @CurrentUser() user: AuthUser,
  ): Promise<BatchAssignAnswer> {
    return this.batch.assign(id, body, user);
  }
}
