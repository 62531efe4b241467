import type { PublicCommentCounts } from '@rectiflow/contracts';
import type { DataSource } from 'typeorm';
import type { ScopedActor } from '@rectiflow/domain';
import { PublicCommentEntity } from '@rectiflow/persistence';
import { scopeToUnits } from '../units/unit-scope';

/**
 * 意见建议 received and handled (linked, answered or closed), one SQL aggregate: of a round,
 * or of every round in the units the caller sees (optionally one unit). `asOf`: as they stood
 * then (received by then; handled by then).
 */
export async function publicCommentCounts(
  dataSource: DataSource,
  actor: ScopedActor,
  roundId?: string,
  unitId?: string,
  asOf?: string,
): Promise<PublicCommentCounts> {
  const q = dataSource.getRepository(PublicCommentEntity).createQueryBuilder('c');
  const handled = asOf
    ? `c.handledAt IS NOT NULL AND c.handledAt <= :asOf`
    : `c.status <> 'received'`;
  q.select('COUNT(*)', 'received').addSelect(
    `SUM(CASE WHEN ${handled} THEN 1 ELSE 0 END)`,
    'handled',
  );
  if (asOf) q.andWhere('c.createdAt <= :asOf', { asOf });
  if (roundId) q.andWhere('c.roundId = :roundId', { roundId });
  scopeToUnits(q, actor, 'c.unitId', unitId);
  const row = await q.getRawOne<{ received: string | number; handled: string | number | null }>();
  return { received: Number(row?.received ?? 0), handled: Number(row?.handled ?? 0) };
}
