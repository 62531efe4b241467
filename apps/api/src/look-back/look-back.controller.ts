import type { LookBackSample, LookBackStarted } from '@rectiflow/contracts';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { uuidParam } from '../http/uuid-param';
import { ApiRoute } from '../openapi/api-route.decorator';
import { LookBackSampleDto } from './look-back.dto';
import { LookBackService } from './look-back.service';

const REFUSALS =
  'The finding is not closed and waiting for its look-back: `code` finding_not_closed (still running, a long-term item still reporting), finding_withdrawn, look_back_open or look_back_done; or it is halted';

/** 回头看 on demand (立即回头看, 抽查回头看): the supervisor's or office's. */
@ApiTags('findings')
@ApiBearerAuth()
@Controller()
export class LookBackController {
  constructor(private readonly lookBack: LookBackService) {}

  @Post('findings/:id/look-back')
  @HttpCode(200)
  @Roles('supervisor', 'office')
  @ApiRoute({
    summary:
      "立即回头看: the closed finding's look_back task opens now instead of LOOK_BACK_AFTER past closure; answers when it is in the supervisor's and office's inboxes",
    answer: 'LookBackStarted',
    errors: {
      403: 'Only the supervisor or the office starts a look-back',
      404: 'No finding has this id (or it belongs to another unit)',
      409: REFUSALS,
    },
  })
  startOne(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<LookBackStarted> {
    return this.lookBack.startOne(id, user);
  }

  @Post('rounds/:id/look-back-sample')
  @HttpCode(200)
  @Roles('supervisor', 'office')
  @ApiRoute({
    summary:
      "抽查回头看: `count` of the round's closed findings waiting for their look-back, drawn by a PRNG seeded with `seed` (drawn at random when absent; the same seed over the same set draws the same sample), each gets its look_back task now; the seed is in the answer and the audit event. 400 when `count` is not a whole number from 1 to the number waiting (`code` count_exceeds_eligible, no_look_back_waiting) or `seed` is out of range",
    answer: 'LookBackSample',
    errors: {
      403: 'Only the supervisor or the office samples look-backs',
      404: 'No round has this id (or it belongs to another unit)',
    },
  })
  sample(
    @Param('id', uuidParam()) id: string,
    @Body() body: LookBackSampleDto,
    @CurrentUser() user: AuthUser,
  ): Promise<LookBackSample> {
    return this.lookBack.sample(id, body, user);
  }
}
