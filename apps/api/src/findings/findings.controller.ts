import type { FindingDetail, FindingSummary, Page } from '@rectiflow/contracts';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { FindingQueryDto } from './dto/finding-query.dto';
import { FindingsService } from './findings.service';
import { HaltedFindingsService } from './halted-findings.service';

import { uuidParam } from '../http/uuid-param';
import { ApiRoute } from '../openapi/api-route.decorator';

@ApiTags('findings')
@ApiBearerAuth()
@Controller('findings')
export class FindingsController {
  constructor(
    private readonly findings: FindingsService,
    private readonly halted: HaltedFindingsService,
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
  detail(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<FindingDetail> {
    return this.findings.detail(id, user);
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
