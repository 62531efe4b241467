import { NotFoundException } from '@nestjs/common';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { requestedUnits, seesUnit, type ScopedActor } from '@rectiflow/domain';

/**
 * Confines a query to the units the caller may see: a unit's people their own unit, the
 * inspecting side the units they are given (all by default), narrowed to `unitId` when they
 * ask for one. A unit's people never see another unit's anything, whatever they ask for.
 */
export function scopeToUnits<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  actor: ScopedActor,
  column: string,
  unitId?: string,
): SelectQueryBuilder<T> {
  const scope = requestedUnits(actor, unitId);
  if (scope.all) return qb;
  if (scope.unitIds.length === 0) return qb.andWhere('1 = 0');
  return qb.andWhere(`${column} IN (:...scopeUnits)`, { scopeUnits: scope.unitIds });
}

/**
 * 404 for what belongs to a unit the caller does not see: to them it does not exist (a 403
 * would confirm the id).
 */
export function mustSeeUnit(actor: ScopedActor, unitId: string | null, what: string): void {
  if (!seesUnit(actor, unitId)) throw new NotFoundException(`${what} does not exist`);
}
