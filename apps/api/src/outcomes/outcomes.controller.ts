import type { OutcomeList, OutcomeView } from '@rectiflow/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators';
import { uuidParam } from '../http/uuid-param';
import { ApiNoContent, ApiRoute } from '../openapi/api-route.decorator';
import { CreateOutcomeDto } from './dto/create-outcome.dto';
import { OutcomesService } from './outcomes.service';

const NO_FINDING = {
  403: 'The finding belongs to another department (or the caller may not record outcomes on it)',
  404: 'No such finding (or one of a unit the caller does not see)',
};

@ApiTags('findings')
@ApiBearerAuth()
@Controller('findings/:id/outcomes')
export class OutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Get()
  @ApiRoute({
    summary: 'The finding’s 整改成效 (regulations, amounts, people dealt with), oldest first',
    answer: 'OutcomeList',
    errors: NO_FINDING,
  })
  list(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<OutcomeList> {
    return this.outcomes.list(id, user);
  }

  @Post()
  @ApiRoute({
    summary:
      'Records a 整改成效 on the finding (office or its lead department; not on a withdrawn finding)',
    answer: 'OutcomeView',
    errors: { ...NO_FINDING, 409: 'The finding was withdrawn' },
  })
  record(
    @Param('id', uuidParam()) id: string,
    @Body() body: CreateOutcomeDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OutcomeView> {
    return this.outcomes.record(id, body, user);
  }

  @Delete(':outcomeId')
  @HttpCode(204)
  @ApiNoContent({
    summary: 'Removes a wrongly recorded 整改成效 (kept in the audit chain, out of every sum)',
    errors: {
      ...NO_FINDING,
      404: 'No such finding, or no such outcome on it',
      409: 'The outcome was removed already, or the finding withdrawn',
    },
  })
  async remove(
    @Param('id', uuidParam()) id: string,
    @Param('outcomeId', uuidParam('outcomeId')) outcomeId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.outcomes.remove(id, outcomeId, user);
  }
}
