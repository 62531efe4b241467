import type { Page, RoundView, RoundWithCounts } from '@rectiflow/contracts';
import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { STAGES, type Actor, type Stage } from '@rectiflow/domain';
import { FindingEntity, RoundEntity, writeTransaction } from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import { FindingsService } from '../findings/findings.service';
import type { CreateRoundDto } from './dto/create-round.dto';

export function roundView(r: RoundEntity): RoundView {
  return {
    id: r.id,
    title: r.title,
    source: r.source,
    inspectingBody: r.inspectingBody,
    feedbackDate: r.feedbackDate,
    dueAt: r.dueAt,
    publication: r.publication,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  };
}

@Injectable()
export class RoundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly findings: FindingsService,
  ) {}

  async create(dto: CreateRoundDto, actorId: string): Promise<RoundView> {
    return writeTransaction(this.dataSource, async (em) => {
      const row: RoundEntity = {
        id: randomUUID(),
        title: dto.title.trim(),
        source: dto.source,
        inspectingBody: dto.inspectingBody ?? null,
        feedbackDate: dto.feedbackDate ?? null,
        dueAt: dto.dueAt ? new Date(dto.dueAt).toISOString() : null,
        publication: null,
        findingSeq: 0,
        createdBy: actorId,
        createdAt: new Date().toISOString(),
      };
      await em.getRepository(RoundEntity).insert(row);
      await this.audit.recordIn(em, {
        actorId,
        action: 'round.created',
        entityType: 'round',
        entityId: row.id,
        data: { title: row.title, source: row.source },
      });
      return roundView(row);
    });
  }

  async list(page: number, pageSize: number): Promise<Page<RoundView>> {
    const [rows, total] = await this.dataSource
      .getRepository(RoundEntity)
      .findAndCount({ order: { createdAt: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
    return { items: rows.map(roundView), total };
  }

  async mustExist(id: string): Promise<RoundEntity> {
    const round = await this.dataSource.getRepository(RoundEntity).findOneBy({ id });
    if (!round) throw new NotFoundException(`round ${id} does not exist`);
    return round;
  }

  async get(id: string, actor: Actor): Promise<RoundWithCounts> {
    const round = await this.mustExist(id);
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
