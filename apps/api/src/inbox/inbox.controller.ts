import type { InboxCounts, Page, TaskView } from '@rectiflow/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators';
import { InboxCountsQueryDto, InboxQueryDto } from './dto/inbox-query.dto';
import { ApiRoute } from '../openapi/api-route.decorator';
import { InboxService } from './inbox.service';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiRoute({
    summary:
      'Open and claimed tasks the caller may act on, by due time (or by number or step), filtered and searched',
    answer: 'TaskPage',
  })
  list(@Query() query: InboxQueryDto, @CurrentUser() user: AuthUser): Promise<Page<TaskView>> {
    return this.inbox.list(user, query);
  }

  @Get('counts')
  @ApiRoute({
    summary:
      'How many tasks the caller has, overdue and by kind, under the list’s round, unit and search',
    answer: 'InboxCounts',
  })
  counts(@Query() query: InboxCountsQueryDto, @CurrentUser() user: AuthUser): Promise<InboxCounts> {
    return this.inbox.counts(user, query);
  }
}
