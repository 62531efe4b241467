import type { InboxCounts, Page, TaskView } from '@rectiflow/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators';
import { InboxQueryDto } from './dto/inbox-query.dto';
import { InboxService } from './inbox.service';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  list(@Query() query: InboxQueryDto, @CurrentUser() user: AuthUser): Promise<Page<TaskView>> {
    return this.inbox.list(user, query);
  }

  @Get('counts')
  counts(@CurrentUser() user: AuthUser): Promise<InboxCounts> {
    return this.inbox.counts(user);
  }
}
