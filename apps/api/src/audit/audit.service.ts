import type { AuditEventView, AuditVerification, Page } from '@rectiflow/contracts';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@rectiflow/config';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import { requestedUnits, startOfZonedDay } from '@rectiflow/domain';
import type { AuthUser } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import { fieldError } from '../http/field-errors';
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

/** `GET /api/audit`'s filters; every one narrows the list. */
export interface AuditFilter {
  /** The events of this entity, or of this finding (any entity on it). */
  entityId?: string;
  actorId?: string;
  /** A prefix of the action: `user.` matches user.created, user.updated… */
  action?: string;
  /** ISO-8601 time, or a day (YYYY-MM-DD) from its start in the organisation's time zone. */
  from?: string;
  /** ISO-8601 time, or a day (YYYY-MM-DD) to its end (inclusive) in the organisation's zone. */
  to?: string;
}

/** A calendar day, as opposed to an instant. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Appends the API's own state changes (logins, uploads, downloads, admin) to the hash chain. */
@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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
   * events of the units it follows and its own (no unit). Narrowed by `filter`.
   */
  async list(
    actor: AuthUser,
    filter: AuditFilter,
    page: number,
    pageSize: number,
    unitId?: string,
  ): Promise<Page<AuditEventView>> {
    const { entityId, actorId, action } = filter;
    const qb = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('e');
    if (entityId) qb.andWhere('(e.entityId = :entityId OR e.findingId = :entityId)', { entityId });
    if (actorId) qb.andWhere('e.actorId = :actorId', { actorId });
    // A prefix without LIKE: actions hold `_`, LIKE's any-one-character.
    if (action)
      qb.andWhere('SUBSTR(e.action, 1, :actionLength) = :action', {
        action,
        actionLength: action.length,
      });
    // Times are ISO-8601 UTC text: they compare as text on both databases.
    const zone = this.config.env.ORG_TIMEZONE;
    if (filter.from) {
      const from = DAY.test(filter.from)
        ? startOfZonedDay(filter.from, zone)
        : Date.parse(filter.from);
      qb.andWhere('e.at >= :from', { from: isoOf(from, 'from') });
    }
    if (filter.to) {
      if (DAY.test(filter.to)) {
        // The whole day: up to the next one's start.
        qb.andWhere('e.at < :toExclusive', {
          toExclusive: isoOf(startOfZonedDay(filter.to, zone, 1), 'to'),
        });
      } else {
        qb.andWhere('e.at <= :to', { to: isoOf(Date.parse(filter.to), 'to') });
      }
    }
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

/** An instant as the stored text, or a 400 naming the field (a date the calendar lacks). */
function isoOf(ms: number, field: 'from' | 'to'): string {
  if (!Number.isFinite(ms))
    throw fieldError(field, 'invalid_date', `${field} must be a valid ISO 8601 date string`);
  return new Date(ms).toISOString();
}
