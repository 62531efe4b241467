import type { AuditEventView, AuditVerification, Page } from '@rectiflow/contracts';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import { requestedUnits } from '@rectiflow/domain';
import type { AuthUser } from '../auth/auth.decorators';
import {
  AuditEventEntity,
  appendAuditEvents,
  verifyAuditChain,
  writeTransaction,
} from '@rectiflow/persistence';

export interface ApiAuditEvent {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  findingId?: string | null;
  /**
   * The unit it belongs to (who may read it); null for the inspecting side's own and for
   * deployment-wide events. Required, so no event is filed by accident.
   */
  unitId: string | null;
  data: Record<string, unknown>;
}

/** Appends the API's own state changes (logins, uploads, downloads, admin) to the hash chain. */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /** In its own transaction. */
  async record(event: ApiAuditEvent): Promise<void> {
    await writeTransaction(this.dataSource, (em) => this.recordIn(em, event));
  }

  /** Inside the caller's transaction, so the change and its audit land together. */
  async recordIn(em: EntityManager, event: ApiAuditEvent): Promise<void> {
    await appendAuditEvents(em, [
      { eventId: randomUUID(), at: new Date().toISOString(), findingId: null, ...event },
    ]);
  }

  /**
   * A unit's office, committee and supervisor see their unit's events; the inspecting side the
   * events of the units it follows and its own (no unit).
   */
  async list(
    actor: AuthUser,
    entityId: string | undefined,
    page: number,
    pageSize: number,
    unitId?: string,
  ): Promise<Page<AuditEventView>> {
    const qb = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('e');
    if (entityId) qb.andWhere('(e.entityId = :entityId OR e.findingId = :entityId)', { entityId });
    const scope = requestedUnits(actor, unitId);
    if (!scope.all) {
      // The inspecting side's own events (no unit) go with its view of all it follows.
      const withOwn = actor.unitId === null && !unitId;
      qb.andWhere(
        new Brackets((w) => {
          if (scope.unitIds.length > 0)
            w.where('e.unitId IN (:...auditUnits)', { auditUnits: scope.unitIds });
          else w.where('1 = 0');
          if (withOwn) w.orWhere('e.unitId IS NULL');
        }),
      );
    }
    const [rows, total] = await qb
      .orderBy('e.seq', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return {
      items: rows.map((r) => ({
        seq: r.seq,
        at: r.at,
        actorId: r.actorId,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        data: JSON.parse(r.data) as Record<string, unknown> | null,
        hash: r.hash,
        prevHash: r.prevHash,
      })),
      total,
    };
  }

  verify(): Promise<AuditVerification> {
    return verifyAuditChain(this.dataSource);
  }
}
