import type { BatchApproveAnswer, BatchClaimAnswer } from '@rectiflow/contracts';
import { BadRequestException, HttpException, Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  validate,
} from 'class-validator';
import { DataSource } from 'typeorm';
import { runBounded } from '@rectiflow/batching';
import { TaskEntity } from '@rectiflow/persistence';
import type { AuthUser } from '../auth/auth.decorators';
import { validationException } from '../http/validation-messages';
import { TasksService } from './tasks.service';

export class BatchClaimDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  taskIds!: string[];
}

export class BatchApproveDto extends BatchClaimDto {
  @ApiPropertyOptional({ description: 'the same comment on every approval' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

/** Steps in flight at once, as batch assignment: hides round trips, does not crowd Temporal. */
const IN_FLIGHT = 4;

type Failure = { taskId: string; message: string };

/** A refusal of one task as the message the batch lists (anything else stops the batch). */
function refusal(err: unknown): string {
  if (!(err instanceof HttpException)) throw err;
  const answer = err.getResponse();
  if (typeof answer === 'object' && answer !== null) {
    const { message, errors } = answer as { message?: unknown; errors?: { message: string }[] };
    if (Array.isArray(errors) && errors.length > 0) return errors.map((e) => e.message).join('; ');
    if (message !== undefined) return [message].flat().join('; ');
  }
  return err.message;
}

/**
 * 批量认领 and 批量同意: each task goes through the same path as one by one (its own workflow
 * Update, the same checks — unit, department, separation of duties —, the same audit); those
 * that cannot are listed with the reason, in the order asked for.
 */
@Injectable()
export class BatchStepsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tasks: TasksService,
  ) {}

  private async parse<T extends object>(dto: new () => T, body: unknown): Promise<T> {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new BadRequestException(['body must be a JSON object']);
    const parsed = plainToInstance(dto, body);
    const errors = await validate(parsed, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw validationException(errors);
    return parsed;
  }

  private async each(
    taskIds: string[],
    step: (taskId: string) => Promise<void>,
  ): Promise<{ done: string[]; failed: Failure[] }> {
    const done: string[] = [];
    const failed: Failure[] = [];
    const run = await runBounded(taskIds, IN_FLIGHT, async (taskId) => {
      try {
        await step(taskId);
        done.push(taskId);
      } catch (err) {
        failed.push({ taskId, message: refusal(err) });
      }
    });
    // An unexpected failure stops the batch: the steps taken stand (each audited); retry.
    if (run.error) throw run.error;
    const order = new Map(taskIds.map((id, i) => [id, i]));
    done.sort((a, b) => order.get(a)! - order.get(b)!);
    failed.sort((a, b) => order.get(a.taskId)! - order.get(b.taskId)!);
    return { done, failed };
  }

  async claim(body: unknown, actor: AuthUser): Promise<BatchClaimAnswer> {
    const { taskIds } = await this.parse(BatchClaimDto, body);
    const { done, failed } = await this.each(taskIds, async (taskId) => {
      await this.tasks.claim(taskId, actor);
    });
    return { claimed: done, failed };
  }

  async approve(body: unknown, actor: AuthUser): Promise<BatchApproveAnswer> {
    const { taskIds, comment } = await this.parse(BatchApproveDto, body);
    const input =
      comment === undefined ? { decision: 'approve' } : { decision: 'approve', comment };
    // The decision is checked once as the step checks it (a bad comment is the request's 400).
    await this.tasks.checkInput('approve_measures', input);
    const repo = this.dataSource.getRepository(TaskEntity);
    const { done, failed } = await this.each(taskIds, async (taskId) => {
      const task = await repo.findOneBy({ id: taskId });
      // Only the approval of a measure plan: any other task named here is refused, never decided.
      if (task && task.kind !== 'approve_measures')
        throw new BadRequestException([`task ${taskId} is not a measure plan's approval`]);
      await this.tasks.complete(taskId, input, actor);
    });
    return { approved: done, failed };
  }
}
