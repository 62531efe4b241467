import type { AuditVerification } from '@rectiflow/contracts';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditEventSpec } from '@rectiflow/contracts';
import { insertRows } from './bound-insert';
import { AuditEventEntity, AuditHeadEntity } from './entities';

/**
 * An event to append: the contracts' audit event, keyed by `eventId`. Appending the same id
 * twice (a retried activity) is a no-op.
 */
export type AuditEventInput = Omit<AuditEventSpec, 'id'> & {
  eventId: string;
  /** The unit the event belongs to (null: the inspecting side's own, or deployment-wide). */
  unitId?: string | null;
};

export const GENESIS_HASH = '0'.repeat(64);

/** The hash covers the event's content; `unitId` only files it and is not part of it. */
export function auditHash(
  prevHash: string,
  e: Omit<AuditEventEntity, 'hash' | 'prevHash' | 'unitId'>,
): string {
  const material = JSON.stringify([
    prevHash,
    e.seq,
    e.eventId,
    e.at,
    e.actorId,
    e.action,
    e.entityType,
    e.entityId,
    e.findingId,
    e.data,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

/**
 * Appends events to the hash chain inside the caller's transaction. Bumping the head row
 * first takes its lock, so concurrent appenders (api, workers) queue up and the chain never
 * forks.
 */
export async function appendAuditEvents(
  em: EntityManager,
  events: AuditEventInput[],
): Promise<void> {
  if (events.length === 0) return;
  const existing = await em
    .getRepository(AuditEventEntity)
    .createQueryBuilder('e')
    .select('e.eventId', 'eventId')
    .where('e.eventId IN (:...ids)', { ids: events.map((e) => e.eventId) })
    .getRawMany<{ eventId: string }>();
  const seen = new Set(existing.map((r) => r.eventId));
  const fresh = events.filter((e) => !seen.has(e.eventId));
  if (fresh.length === 0) return;
  await em
    .createQueryBuilder()
    .update(AuditHeadEntity)
    .set({ seq: () => `"seq" + ${fresh.length}` })
    .where('id = 1')
    .execute();
  const head = await em.getRepository(AuditHeadEntity).findOneByOrFail({ id: 1 });
  let seq = head.seq - fresh.length;
  let prevHash = head.hash;
  const rows: AuditEventEntity[] = [];
  for (const e of fresh) {
    seq += 1;
    const row = {
      seq,
      eventId: e.eventId,
      at: e.at,
      actorId: e.actorId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      findingId: e.findingId,
      data: JSON.stringify(e.data ?? {}),
    };
    const hash = auditHash(prevHash, row);
    rows.push({ ...row, unitId: e.unitId ?? null, hash, prevHash });
    prevHash = hash;
  }
  await insertRows(em, AuditEventEntity, rows);
  await em.getRepository(AuditHeadEntity).update({ id: 1 }, { hash: prevHash });
}

export type { AuditVerification };

/**
 * Walks the chain in order: every row's hash must match its content and predecessor, seq
 * must have no gap (a deleted row), and the last row must be the head (a deleted tail).
 */
export async function verifyAuditChain(
  dataSource: DataSource,
  pageSize = 2000,
): Promise<AuditVerification> {
  const repo = dataSource.getRepository(AuditEventEntity);
  const head = await dataSource.getRepository(AuditHeadEntity).findOneByOrFail({ id: 1 });
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const page = await repo
      .createQueryBuilder('e')
      .where('e.seq >= :from', { from: expectedSeq })
      .orderBy('e.seq', 'ASC')
      .limit(pageSize)
      .getMany();
    if (page.length === 0) break;
    for (const row of page) {
      if (
        row.seq !== expectedSeq ||
        row.prevHash !== prevHash ||
        auditHash(prevHash, row) !== row.hash
      ) {
        return { ok: false, events: count, firstBadSeq: expectedSeq };
      }
      prevHash = row.hash;
      expectedSeq += 1;
      count += 1;
    }
  }
  if (head.seq !== count || head.hash !== prevHash) {
    return { ok: false, events: count, firstBadSeq: count + 1 };
  }
  return { ok: true, events: count };
}
