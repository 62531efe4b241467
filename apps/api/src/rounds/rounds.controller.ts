import type { FindingDetail, Page, RoundView, RoundWithCounts } from '@rectiflow/contracts';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { FindingsService } from '../findings/findings.service';
import { UnitPageQueryDto } from '../http/pagination.dto';
import { AssignmentCheck } from './assignment-check';
import { CreateFindingDto } from './dto/create-finding.dto';
import { CreateRoundDto } from './dto/create-round.dto';
import { UpdateRoundDto } from './dto/update-round.dto';
import { FindingCreationService } from './finding-creation.service';
import { RoundsService } from './rounds.service';
import { uuidParam } from '../http/uuid-param';
import { ApiRoute } from '../openapi/api-route.decorator';

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

  @Roles('office', 'inspection_office')
  @Post()
  @ApiRoute({ summary: 'Creates an inspection round (巡察轮次)', answer: 'RoundView' })
  create(@Body() body: CreateRoundDto, @CurrentUser() user: AuthUser): Promise<RoundView> {
    return this.rounds.create(body, user);
  }

  @Get()
  @ApiRoute({ summary: 'Rounds, newest first', answer: 'RoundPage' })
  list(@Query() q: UnitPageQueryDto, @CurrentUser() user: AuthUser): Promise<Page<RoundView>> {
    return this.rounds.list(user, q.page, q.pageSize, q.unitId);
  }

  /** The inspecting office hands the unit its feedback list; the unit's office is told. */
  @Roles('inspection_office')
  @Post(':id/hand-over')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Hands a unit the feedback list the inspecting office prepared',
    answer: 'RoundView',
  })
  handOver(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<RoundView> {
    return this.rounds.handOver(id, user);
  }

  @Get(':id')
  @ApiRoute({
    summary: 'A round with its findings counted by stage',
    answer: 'RoundWithCounts',
    errors: { 404: 'No round has this id' },
  })
  get(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<RoundWithCounts> {
    return this.rounds.get(id, user);
  }

  @Roles('office', 'inspection_office')
  @Patch(':id')
  @ApiRoute({
    summary: 'Changes what the office keeps with a round (下一步工作计划 for the progress report)',
    answer: 'RoundView',
    errors: { 404: 'No round has this id' },
  })
  update(
    @Param('id', uuidParam()) id: string,
    @Body() body: UpdateRoundDto,
    @CurrentUser() user: AuthUser,
  ): Promise<RoundView> {
    return this.rounds.update(id, body, user);
  }

  @Roles('office', 'inspection_office')
  @Post(':id/findings')
  @ApiRoute({
    summary: 'Adds one finding to a round; its workflow runs when this answers',
    answer: 'FindingDetail',
    errors: {
      404: 'No round has this id',
      503: 'Temporal or the database cannot be reached now: the finding is not created',
    },
  })
  async createFinding(
    @Param('id', uuidParam()) id: string,
    @Body() body: CreateFindingDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FindingDetail> {
    const round = await this.rounds.mustManage(id, user);
    await this.assignmentCheck.check(body, round.unitId);
    const [findingId] = await this.creation.create(id, [body], user.userId);
    return this.findings.detail(findingId, user);
  }
}
