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
import { TaskEntity } from '@rectiflow/persistence';
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
    const open = await this.dataSource.getRepository(TaskEntity).findBy({
      roundId,
      findingId: In(ids.findingIds),
      kind: 'assign',
      status: In(['open', 'claimed']),
    });
    // The assignment itself is checked once, as the assign step checks it, before any step:
    // a bad leader or date is the request's fault (400), not each finding's.
    await this.tasks.checkInput('assign', assignment, open[0]);
    const taskOf = new Map(open.map((t) => [t.findingId, t.id]));
    const assigned: string[] = [];
    const failed: BatchAssignAnswer['failed'] = [];
    const run = await runBounded(ids.findingIds, IN_FLIGHT, async (findingId) => {
      const taskId = taskOf.get(findingId);
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
        const answer = err.getResponse();
        const message =
          typeof answer === 'object' && answer !== null && 'message' in answer
            ? [(answer as { message: unknown }).message].flat().join('; ')
            : err.message;
        failed.push({ findingId, message });
      }
    });
    // An unexpected failure (not a refusal of one finding) stops the batch: the steps already
    // taken stand (each audited), and the caller retries; those left still await assignment.
    if (run.error) throw run.error;
    // In the order asked for, whatever order the steps finished in.
    const order = new Map(ids.findingIds.map((id, i) => [id, i]));
    assigned.sort((a, b) => order.get(a)! - order.get(b)!);
    failed.sort((a, b) => order.get(a.findingId)! - order.get(b.findingId)!);
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
}
