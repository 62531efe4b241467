import type { FindingDetail, FindingSummary, Page } from '@rectiflow/contracts';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { checkTaskAction } from '@rectiflow/domain';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { FindingQueryDto } from './dto/finding-query.dto';
import { FindingsService } from './findings.service';
import { HaltedFindingsService } from './halted-findings.service';
import { WorkflowPrefetch } from '../temporal/workflow-prefetch';

import { uuidParam } from '../http/uuid-param';
import { ApiRoute } from '../openapi/api-route.decorator';

@ApiTags('findings')
@ApiBearerAuth()
@Controller('findings')
export class FindingsController {
  constructor(
    private readonly findings: FindingsService,
    private readonly halted: HaltedFindingsService,
    private readonly prefetch: WorkflowPrefetch,
  ) {}

  @Get()
  @ApiRoute({
    summary: 'Finding summaries the caller sees (departments: their own)',
    answer: 'FindingSummaryPage',
  })
  list(
    @Query() query: FindingQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<Page<FindingSummary>> {
    return this.findings.list(query, user);
  }

  @Get(':id')
  @ApiRoute({
    summary: 'A finding with its measures, evidence, reviews, open tasks and history',
    answer: 'FindingDetail',
    errors: {
      403: 'The finding belongs to another department',
      404: 'No finding has this id',
    },
  })
  async detail(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<FindingDetail> {
    const finding = await this.findings.detail(id, user);
    // A step of the caller's is open here (the task page is this read): have a worker load the
    // finding's workflow while they fill in the form. Not awaited; it never fails the read.
    if (finding.openTasks.some((t) => checkTaskAction(user, t).ok)) void this.prefetch.prefetch(id);
    return finding;
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Roles('office')
  @ApiRoute({
    summary:
      'Resumes a halted finding (its workflow was stopped outside the API): a new run from the state the read model recorded',
    answer: 'FindingSummary',
    errors: {
      404: 'No finding has this id (or it belongs to another unit)',
      409: 'The finding is not halted (code finding_not_halted)',
    },
  })
  resume(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<FindingSummary> {
    return this.halted.resume(id, user);
  }
}
