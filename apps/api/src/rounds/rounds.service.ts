import type { Page, RoundView, RoundWithCounts } from '@rectiflow/contracts';
import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { STAGES, seesUnit, type Stage } from '@rectiflow/domain';
import {
  BatchEntity,
  FindingEntity,
  NotificationEntity,
  RoundEntity,
  UnitEntity,
  UserEntity,
  writeTransaction,
} from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { FindingsService } from '../findings/findings.service';
import { mustSeeUnit, scopeToUnits } from '../units/unit-scope';
import type { CreateRoundDto } from './dto/create-round.dto';
import type { UpdateRoundDto } from './dto/update-round.dto';

export function roundView(r: RoundEntity): RoundView {
  return {
    id: r.id,
    unitId: r.unitId,
    batchId: r.batchId,
    handedOverAt: r.handedOverAt,
    title: r.title,
    source: r.source,
    inspectingBody: r.inspectingBody,
    feedbackDate: r.feedbackDate,
    dueAt: r.dueAt,
    publication: r.publication,
    nextSteps: r.nextSteps ?? null,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  };
}

/**
 * Who runs a round: the office (整改办) of its unit, or the inspecting office (巡察办) for a
 * unit it follows — it creates each unit's round of a batch and imports its feedback list.
 */
export function mayManageRound(actor: AuthUser, unitId: string): boolean {
  return (
    (actor.roles.includes('office') && actor.unitId === unitId) ||
    (actor.roles.includes('inspection_office') && actor.unitId === null && seesUnit(actor, unitId))
  );
}

@Injectable()
export class RoundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly findings: FindingsService,
  ) {}

  async create(dto: CreateRoundDto, actor: AuthUser): Promise<RoundView> {
    // A unit's office opens rounds of its own unit; the inspecting office names the unit.
    const unitId = actor.unitId ?? dto.unitId;
    if (!unitId) throw new BadRequestException(['unitId is required for the inspecting side']);
    if (actor.unitId && dto.unitId && dto.unitId !== actor.unitId)
      throw new ForbiddenException('a unit’s office opens rounds of its own unit only');
    return writeTransaction(this.dataSource, async (em) => {
      const unit = await em.getRepository(UnitEntity).findOneBy({ id: unitId });
      if (!unit || !seesUnit(actor, unit.id))
        throw new BadRequestException(['unitId does not name a unit']);
      if (!mayManageRound(actor, unit.id))
        throw new ForbiddenException('only the unit’s office or the inspecting office');
      if (dto.batchId) {
        const batch = await em.getRepository(BatchEntity).findOneBy({ id: dto.batchId });
        if (!batch) throw new BadRequestException(['batchId does not name a batch']);
        if (!batch.unitIds.includes(unit.id))
          throw new BadRequestException(['batchId: the batch does not cover this unit']);
      }
      const row: RoundEntity = {
        id: randomUUID(),
        unitId: unit.id,
        batchId: dto.batchId ?? null,
        handedOverAt: null,
        title: dto.title.trim(),
        source: dto.source,
        inspectingBody: dto.inspectingBody ?? null,
        feedbackDate: dto.feedbackDate ?? null,
        dueAt: dto.dueAt ? new Date(dto.dueAt).toISOString() : null,
        publication: null,
        nextSteps: null,
        findingSeq: 0,
        createdBy: actor.userId,
        createdAt: new Date().toISOString(),
      };
      await em.getRepository(RoundEntity).insert(row);
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'round.created',
        entityType: 'round',
        entityId: row.id,
        unitId: row.unitId,
        data: { title: row.title, source: row.source, batchId: row.batchId },
      });
      return roundView(row);
    });
  }

  async list(
    actor: AuthUser,
    page: number,
    pageSize: number,
    unitId?: string,
  ): Promise<Page<RoundView>> {
    const qb = this.dataSource.getRepository(RoundEntity).createQueryBuilder('r');
    scopeToUnits(qb, actor, 'r.unitId', unitId);
    const [rows, total] = await qb
      .orderBy('r.createdAt', 'DESC')
      // Rounds of one batch can share their instant; without a tie-break a page boundary
      // could repeat one and skip another.
      .addOrderBy('r.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map(roundView), total };
  }

  /** The round, or 404 — also for a round of a unit the caller does not see. */
  async mustSee(id: string, actor: AuthUser): Promise<RoundEntity> {
    const round = await this.dataSource.getRepository(RoundEntity).findOneBy({ id });
    if (!round) throw new NotFoundException(`round ${id} does not exist`);
    mustSeeUnit(actor, round.unitId, `round ${id}`);
    return round;
  }

  /**
   * The office changes what it keeps with a round for its documents (下一步工作计划). Audited
   * with the text before and after.
   */
  async update(id: string, dto: UpdateRoundDto, actor: AuthUser): Promise<RoundView> {
    return writeTransaction(this.dataSource, async (em) => {
      const round = await em.getRepository(RoundEntity).findOneBy({ id });
      if (!round) throw new NotFoundException(`round ${id} does not exist`);
      mustSeeUnit(actor, round.unitId, `round ${id}`);
      if (!mayManageRound(actor, round.unitId))
        throw new ForbiddenException('only the unit’s office or the inspecting office');
      if (dto.nextSteps !== undefined) {
        const next = dto.nextSteps?.trim() ? dto.nextSteps.trim() : null;
        if (next !== (round.nextSteps ?? null)) {
          await em.getRepository(RoundEntity).update({ id }, { nextSteps: next });
          await this.audit.recordIn(em, {
            actorId: actor.userId,
            action: 'round.next_steps_changed',
            entityType: 'round',
            entityId: id,
            unitId: round.unitId,
            data: { before: round.nextSteps ?? null, after: next },
          });
          round.nextSteps = next;
        }
      }
      return roundView(round);
    });
  }

  /** The round, if the caller may run it (its unit's office, or the inspecting office). */
  async mustManage(id: string, actor: AuthUser): Promise<RoundEntity> {
    const round = await this.mustSee(id, actor);
    if (!mayManageRound(actor, round.unitId))
      throw new ForbiddenException('only the unit’s office or the inspecting office');
    return round;
  }

  /**
   * The inspecting office hands a unit the feedback list it prepared (imported and checked):
   * the unit's office is told, and the round shows when it was handed over.
   */
  async handOver(id: string, actor: AuthUser): Promise<RoundView> {
    return writeTransaction(this.dataSource, async (em) => {
      const round = await this.mustSee(id, actor);
      if (!actor.roles.includes('inspection_office') || actor.unitId !== null)
        throw new ForbiddenException('only the inspecting office hands over feedback lists');
      const at = new Date().toISOString();
      await em.getRepository(RoundEntity).update({ id }, { handedOverAt: at });
      const offices = (
        await em.getRepository(UserEntity).find({ where: { unitId: round.unitId } })
      ).filter((u) => u.roles.includes('office'));
      const noticeId = randomUUID();
      if (offices.length > 0) {
        await em.getRepository(NotificationEntity).insert(
          offices.map((u) => ({
            id: `${noticeId}:${u.id}`,
            noticeId,
            userId: u.id,
            unitId: round.unitId,
            kind: 'assigned' as const,
            code: null,
            params: null,
            findingId: null,
            taskId: null,
            title: '巡察反馈问题清单已交付',
            body: `巡察办已交付“${round.title}”的反馈问题清单，请组织整改。`,
            createdAt: at,
            readAt: null,
            emailedAt: null,
          })),
        );
      }
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'round.handed_over',
        entityType: 'round',
        entityId: id,
        unitId: round.unitId,
        data: { title: round.title, notified: offices.map((u) => u.id) },
      });
      return roundView({ ...round, handedOverAt: at });
    });
  }

  async get(id: string, actor: AuthUser): Promise<RoundWithCounts> {
    const round = await this.mustSee(id, actor);
    const qb = this.dataSource
      .getRepository(FindingEntity)
      .createQueryBuilder('f')
      .select('f.stage', 'stage')
      .addSelect('COUNT(*)', 'n')
      .where('f.roundId = :id', { id });
    this.findings.scope(qb, actor);
    const rows = await qb.groupBy('f.stage').getRawMany<{ stage: Stage; n: string | number }>();
    const byStage: Partial<Record<Stage, number>> = Object.fromEntries(STAGES.map((s) => [s, 0]));
    let total = 0;
    for (const r of rows) {
      byStage[r.stage] = Number(r.n);
      total += Number(r.n);
    }
    return { ...roundView(round), counts: { total, byStage } };
  }
}
