import type { LookBackSample, LookBackStarted } from '@rectiflow/contracts';
import { randomInt } from 'node:crypto';
import {
  ConflictException,
  ForbiddenException,
  HttpException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { checkLookBackNow, MAX_SAMPLE_SEED, seededSample, type Actor } from '@rectiflow/domain';
import { FindingEntity, RoundEntity, TaskEntity } from '@rectiflow/persistence';
import type { AuthUser } from '../auth/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { FindingsService } from '../findings/findings.service';
import { fieldError } from '../http/field-errors';
import { FindingWorkflowClient } from '../temporal/finding-workflow.client';
import { mustSeeUnit } from '../units/unit-scope';
import type { LookBackSampleDto } from './look-back.dto';

/**
 * 回头看 on demand: the supervisor or office opens a closed finding's look-back now instead of
 * LOOK_BACK_AFTER past closure, for one finding or for a seeded random sample of a round's.
 * The workflow's Update (startLookBack) has the last word and writes the finding's history
 * event; the rule (libs/domain checkLookBackNow) is checked here first on the read model, for
 * a clear answer: 403, or 409 with the refusal's `code`.
 */
@Injectable()
export class LookBackService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly workflows: FindingWorkflowClient,
    private readonly audit: AuditService,
  ) {}

  async startOne(id: string, user: AuthUser): Promise<LookBackStarted> {
    const f = await this.findings.findVisible(id, user);
    const actor = actorOf(user);
    const verdict = checkLookBackNow(actor, await this.facts(f));
    if (!verdict.ok) {
      if (verdict.reason === 'forbidden')
        throw new ForbiddenException('only the supervisor or the office starts a look-back');
      throw conflict(verdict.reason, verdict.message);
    }
    const result = await this.workflows.startLookBack(id, { actor });
    return { findingId: id, taskId: result.taskId };
  }

  async sample(roundId: string, body: LookBackSampleDto, user: AuthUser): Promise<LookBackSample> {
    const round = await this.dataSource.getRepository(RoundEntity).findOneBy({ id: roundId });
    if (!round) throw new NotFoundException(`round ${roundId} does not exist`);
    mustSeeUnit(user, round.unitId, `round ${roundId}`);
    const eligible = await this.waiting(roundId);
    if (eligible.length === 0)
      throw fieldError(
        'count',
        'no_look_back_waiting',
        'count: no closed finding of this round is waiting for its look-back',
      );
    if (body.count > eligible.length)
      throw fieldError(
        'count',
        'count_exceeds_eligible',
        `count: only ${eligible.length} closed findings of this round are waiting for their look-back`,
      );
    const seed = body.seed ?? randomInt(0, MAX_SAMPLE_SEED);
    const findingIds = seededSample(
      eligible.map((f) => f.id),
      body.count,
      seed,
    );
    const actor = actorOf(user);
    const items: LookBackSample['items'] = [];
    const failed: LookBackSample['failed'] = [];
    // One after the other: each answers when its task is in the inboxes.
    for (const findingId of findingIds) {
      const f = eligible.find((e) => e.id === findingId) as FindingEntity;
      try {
        const result = await this.workflows.startLookBack(findingId, { actor, sampleSeed: seed });
        items.push({ findingId, code: f.code, title: f.title, taskId: result.taskId });
      } catch (err) {
        // Changed since it was read (its look-back opened meanwhile, halted): named, not hidden.
        if (!(err instanceof HttpException) || err.getStatus() >= 500) throw err;
        failed.push({ findingId, message: err.message });
      }
    }
    await this.audit.record({
      actorId: user.userId,
      action: 'round.look_back_sampled',
      entityType: 'round',
      entityId: roundId,
      unitId: round.unitId,
      data: {
        seed,
        count: body.count,
        eligible: eligible.length,
        findingIds,
        taskIds: items.map((i) => i.taskId),
        failed,
      },
    });
    return { seed, findingIds, eligible: eligible.length, items, failed };
  }

  /**
   * The round's findings a look-back may start on: closed, neither withdrawn nor halted, and
   * without a look_back task of their current cycle (none open, none done). One query.
   */
  private waiting(roundId: string): Promise<FindingEntity[]> {
    return this.dataSource
      .getRepository(FindingEntity)
      .createQueryBuilder('f')
      .select(['f.id', 'f.code', 'f.title'])
      .where('f.roundId = :roundId', { roundId })
      .andWhere(`f.stage = 'closed'`)
      .andWhere('f.withdrawn = :no', { no: false })
      .andWhere('f.halted = :no')
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM tasks t WHERE t."findingId" = f.id AND t.kind = 'look_back' AND t.cycle = f.cycle)`,
      )
      .getMany();
  }

  /** The rule's facts of one finding, from the read model. */
  private async facts(f: FindingEntity) {
    const tasks = await this.dataSource.getRepository(TaskEntity).find({
      select: ['status', 'cycle'],
      where: { findingId: f.id, kind: 'look_back', status: In(['open', 'claimed', 'done']) },
    });
    return {
      stage: f.stage,
      withdrawn: f.withdrawn,
      lookBackOpen: tasks.some((t) => t.status !== 'done'),
      lookBackDone: tasks.some((t) => t.status === 'done' && t.cycle === f.cycle),
    };
  }
}

/** 409 with the refusal's stable word, which the web app puts in the reader's language. */
function conflict(code: string, message: string): ConflictException {
  return new ConflictException({ statusCode: 409, error: 'Conflict', code, message });
}

function actorOf(user: AuthUser): Actor {
  return {
    userId: user.userId,
    roles: [...user.roles],
    departmentId: user.departmentId,
    unitId: user.unitId,
  };
}
