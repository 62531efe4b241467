import type { InboxSavedView, InboxSavedViewList } from '@rectiflow/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators';
import { uuidParam } from '../http/uuid-param';
import { ApiNoContent, ApiRoute } from '../openapi/api-route.decorator';
import { CreateInboxViewDto } from './inbox-view.dto';
import { InboxViewsService } from './inbox-views.service';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('me/inbox-views')
export class InboxViewsController {
  constructor(private readonly views: InboxViewsService) {}

  @Get()
  @ApiRoute({ summary: 'The caller’s saved inbox views, by name', answer: 'InboxSavedViewList' })
  list(@CurrentUser() user: AuthUser): Promise<InboxSavedViewList> {
    return this.views.list(user);
  }

  @Post()
  @ApiRoute({
    summary:
      'Saves the inbox’s filters and sort under a name (保存视图), for the caller only; 400 names a ' +
      'name in use (view_name_taken) or one view too many (too_many_views)',
    answer: 'InboxSavedView',
  })
  create(@Body() body: CreateInboxViewDto, @CurrentUser() user: AuthUser): Promise<InboxSavedView> {
    return this.views.create(body, user);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContent({
    summary: 'Deletes one of the caller’s saved inbox views',
    errors: { 404: 'The caller has no saved view with this id' },
  })
  remove(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.views.remove(id, user);
  }
}
