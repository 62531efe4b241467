import type { AuditEventView, AuditVerification, Page } from '@rectiflow/contracts';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
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

  async list(
    entityId: string | undefined,
    page: number,
    pageSize: number,
  ): Promise<Page<AuditEventView>> {
    const qb = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('e');
    if (entityId) qb.where('e.entityId = :entityId OR e.findingId = :entityId', { entityId });
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
