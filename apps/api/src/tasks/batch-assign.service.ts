import type { BatchAssignAnswer } from '@rectiflow/contracts';
import { BadRequestException, HttpException, Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsUUID,
  validate,
} from 'class-validator';
import { DataSource, In } from 'typeorm';
import { runBounded } from '@rectiflow/batching';
import { TaskEntity, type WorkflowTaskEntity } from '@rectiflow/persistence';
import type { AuthUser } from '../auth/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { validationMessages } from '../http/validation-messages';
import { RoundsService } from '../rounds/rounds.service';
import { TasksService } from './tasks.service';

class FindingIdsDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  findingIds!: string[];
}

/** Steps in flight at once: enough to hide the round trips, few enough not to crowd Temporal. */
const IN_FLIGHT = 4;

@Injectable()
export class BatchAssignService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rounds: RoundsService,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
  ) {}

  async assign(roundId: string, body: unknown, actor: AuthUser): Promise<BatchAssignAnswer> {
    const round = await this.rounds.mustSee(roundId, actor);
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new BadRequestException(['body must be a JSON object']);
    const { findingIds, ...assignment } = body as Record<string, unknown>;
    const ids = plainToInstance(FindingIdsDto, { findingIds });
    const errors = await validate(ids);
    if (errors.length > 0) throw new BadRequestException(validationMessages(errors));
    const open = (await this.dataSource.getRepository(TaskEntity).findBy({
      roundId,
      findingId: In(ids.findingIds),
      kind: 'assign',
      status: In(['open', 'claimed']),
    })) as WorkflowTaskEntity[];
    // The assignment itself is checked once, as the assign step checks it, before any step:
    // a bad leader or date is the request's fault (400), not each finding's.
    await this.tasks.checkInput('assign', assignment, open[0]);
    const taskOf = new Map(open.map((t) => [t.findingId, t.id]));
    const { assigned, failed } = await this.assignEach(
      ids.findingIds.map((findingId) => ({ findingId, taskId: taskOf.get(findingId), assignment })),
      actor,
    );
    await this.audit.record({
      actorId: actor.userId,
      action: 'round.batch_assigned',
      entityType: 'round',
      entityId: roundId,
      unitId: round.unitId,
      data: { assigned: assigned.length, failed: failed.length },
    });
    return { assigned, failed };
  }

  /**
   * Completes each finding's open `assign` task with its own assignment, a few at a time, as if
   * done one by one (same checks, same workflow step, same audit). A refusal of one finding is
   * listed with the reason; an unexpected failure stops the batch (the steps already taken
   * stand) and is thrown. Answers in the order asked for.
   */
  async assignEach(
    items: { findingId: string; taskId: string | undefined; assignment: unknown }[],
    actor: AuthUser,
  ): Promise<BatchAssignAnswer> {
    const assigned: string[] = [];
    const failed: BatchAssignAnswer['failed'] = [];
    const run = await runBounded(items, IN_FLIGHT, async ({ findingId, taskId, assignment }) => {
      if (!taskId) {
        failed.push({
          findingId,
          message: 'no open assign task: assigned already, or not in this round',
        });
        return;
      }
      try {
        await this.tasks.complete(taskId, assignment, actor);
        assigned.push(findingId);
      } catch (err) {
        if (!(err instanceof HttpException)) throw err;
        failed.push({ findingId, message: refusalOf(err) });
      }
    });
    if (run.error) throw run.error;
    const order = new Map(items.map((item, i) => [item.findingId, i]));
    assigned.sort((a, b) => order.get(a)! - order.get(b)!);
    failed.sort((a, b) => order.get(a.findingId)! - order.get(b.findingId)!);
    return { assigned, failed };
  }
}

/** What a refused step says, as one line (a 400's field messages joined). */
function refusalOf(err: HttpException): string {
  const answer = err.getResponse();
  return typeof answer === 'object' && answer !== null && 'message' in answer
    ? [(answer as { message: unknown }).message].flat().join('; ')
    : err.message;
}
