import type { FindingDetail, Page, RoundView, RoundWithCounts } from '@rectiflow/contracts';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { FindingsService } from '../findings/findings.service';
import { PageQueryDto } from '../http/pagination.dto';
import { AssignmentCheck } from './assignment-check';
import { CreateFindingDto } from './dto/create-finding.dto';
import { CreateRoundDto } from './dto/create-round.dto';
import { FindingCreationService } from './finding-creation.service';
import { RoundsService } from './rounds.service';
import { uuidParam } from '../http/uuid-param';

@ApiTags('rounds')
@ApiBearerAuth()
@Controller('rounds')
export class RoundsController {
  constructor(
    private readonly rounds: RoundsService,
    private readonly creation: FindingCreationService,
    private readonly assignmentCheck: AssignmentCheck,
    private readonly findings: FindingsService,
  ) {}

  @Roles('office')
  @Post()
  create(@Body() body: CreateRoundDto, @CurrentUser() user: AuthUser): Promise<RoundView> {
    return this.rounds.create(body, user.userId);
  }

  @Get()
  list(@Query() q: PageQueryDto): Promise<Page<RoundView>> {
    return this.rounds.list(q.page, q.pageSize);
  }

  @Get(':id')
  get(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<RoundWithCounts> {
    return this.rounds.get(id, user);
  }

  @Roles('office')
  @Post(':id/findings')
  async createFinding(
    @Param('id', uuidParam()) id: string,
    @Body() body: CreateFindingDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FindingDetail> {
    await this.rounds.mustExist(id);
    await this.assignmentCheck.check(body);
    const [findingId] = await this.creation.create(id, [body], user.userId);
    return this.findings.detail(findingId, user);
  }
}
