import type { CompleteTaskAnswer, TaskView } from '@rectiflow/contracts';
import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators';
import { TasksService } from './tasks.service';
import { uuidParam } from '../http/uuid-param';
import { ApiRoute, type RouteErrors } from '../openapi/api-route.decorator';
import { ApiTaskInputBody } from '../openapi/task-input-body.decorator';

const TASK_ERRORS: RouteErrors = {
  403: 'The caller may not act on this task',
  404: 'No task has this id',
  409: 'The task no longer fits: done, cancelled or claimed by someone else',
};

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Post(':id/claim')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Claims a task: nobody else may act on it until it is released',
    answer: 'TaskView',
    errors: TASK_ERRORS,
  })
  claim(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<TaskView> {
    return this.tasks.claim(id, user);
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Releases a task the caller claimed',
    answer: 'TaskView',
    errors: TASK_ERRORS,
  })
  release(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<TaskView> {
    return this.tasks.release(id, user);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'a retry with the same key gets the first answer',
  })
  @ApiTaskInputBody()
  @ApiRoute({
    summary:
      'Completes a task (a workflow step); the next tasks are in the inboxes when this answers',
    answer: 'CompleteTaskAnswer',
    errors: {
      ...TASK_ERRORS,
      503: 'Temporal or the database cannot be reached now: retry with the same Idempotency-Key',
    },
  })
  complete(
    @Param('id', uuidParam()) id: string,
    @Body() body: unknown,
    @CurrentUser() user: AuthUser,
    @Headers('Idempotency-Key') idempotencyKey?: string,
  ): Promise<CompleteTaskAnswer> {
    return this.tasks.complete(id, body, user, idempotencyKey?.slice(0, 200));
  }
}
