import type { TaskDraftSaved, TaskDraftView } from '@rectiflow/contracts';
import { Body, Controller, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators';
import { uuidParam } from '../http/uuid-param';
import { ApiRoute } from '../openapi/api-route.decorator';
import { TaskDraftsService } from './task-drafts.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TaskDraftsController {
  constructor(private readonly drafts: TaskDraftsService) {}

  /** 保存草稿: `{ body }`, the measure plan or evidence report as far as written. */
  @Put(':id/draft')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Saves a draft of a measure plan or an evidence report (never a submission)',
    answer: 'TaskDraftSaved',
    errors: {
      403: 'The caller may not act on this task',
      404: 'No task has this id',
      409: 'The task is done or cancelled, claimed by someone else, or of a kind without drafts',
    },
  })
  save(
    @Param('id', uuidParam()) id: string,
    @Body() body: unknown,
    @CurrentUser() user: AuthUser,
  ): Promise<TaskDraftSaved> {
    return this.drafts.save(id, body, user);
  }

  @Get(':id/draft')
  @ApiRoute({
    summary: "The task's draft, as last saved",
    answer: 'TaskDraftView',
    errors: {
      403: 'The caller may not act on this task',
      404: 'No task has this id, or it has no draft',
    },
  })
  get(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<TaskDraftView> {
    return this.drafts.get(id, user);
  }
}
