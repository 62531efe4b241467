import type { CompleteTaskAnswer, TaskView } from '@rectiflow/contracts';
import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators';
import { TasksService } from './tasks.service';
import { uuidParam } from '../http/uuid-param';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Post(':id/claim')
  @HttpCode(200)
  claim(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<TaskView> {
    return this.tasks.claim(id, user);
  }

  @Post(':id/release')
  @HttpCode(200)
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
  @ApiBody({
    description: 'depends on the task kind (API.md "Inbox and tasks")',
    schema: { type: 'object' },
  })
  complete(
    @Param('id', uuidParam()) id: string,
    @Body() body: unknown,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<CompleteTaskAnswer> {
    return this.tasks.complete(id, body, user, idempotencyKey?.slice(0, 200));
  }
}
