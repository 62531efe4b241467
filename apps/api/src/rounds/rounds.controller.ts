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

  @Roles('office')
  @Post()
  @ApiRoute({ summary: 'Creates an inspection round (巡察轮次)', answer: 'RoundView' })
  create(@Body() body: CreateRoundDto, @CurrentUser() user: AuthUser): Promise<RoundView> {
    return this.rounds.create(body, user.userId);
  }

  @Get()
  @ApiRoute({ summary: 'Rounds, newest first', answer: 'RoundPage' })
  list(@Query() q: PageQueryDto): Promise<Page<RoundView>> {
    return this.rounds.list(q.page, q.pageSize);
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

  @Roles('office')
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
    await this.rounds.mustExist(id);
    await this.assignmentCheck.check(body);
    const [findingId] = await this.creation.create(id, [body], user.userId);
    return this.findings.detail(findingId, user);
  }
}
