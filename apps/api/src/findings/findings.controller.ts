import type { FindingDetail, FindingSummary, Page } from '@rectiflow/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators';
import { FindingQueryDto } from './dto/finding-query.dto';
import { FindingsService } from './findings.service';
import { uuidParam } from '../http/uuid-param';

@ApiTags('findings')
@ApiBearerAuth()
@Controller('findings')
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  @Get()
  list(
    @Query() query: FindingQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<Page<FindingSummary>> {
    return this.findings.list(query, user);
  }

  @Get(':id')
  detail(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<FindingDetail> {
    return this.findings.detail(id, user);
  }
}
