import { BadRequestException, ForbiddenException, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { seesUnit } from '@rectiflow/domain';
import { UnitEntity } from '@rectiflow/persistence';
import type { AuthUser } from '../auth/auth.decorators';
import { mustSeeUnit } from '../units/unit-scope';

/**
 * Who keeps whose organisation: a unit's office its own unit's departments and people; the
 * inspecting office the units it follows and its own side's people (no unit). Anything else
 * is 404 (not seen) or 403 (seen, not theirs to change).
 */
export function mustManage(actor: AuthUser, unitId: string | null, what: string): void {
  if (unitId !== null) mustSeeUnit(actor, unitId, what);
  else if (actor.unitId !== null) throw new NotFoundException(`${what} does not exist`);
  if (actor.unitId === null && !actor.roles.includes('inspection_office'))
    throw new ForbiddenException('only the inspecting office manages its side and the units');
  if (actor.unitId !== null && !actor.roles.includes('office'))
    throw new ForbiddenException('only the unit’s office manages its people and departments');
}

/**
 * The unit a new department or person goes into: a unit's office adds to its own unit only;
 * the inspecting office names a unit it follows, or none (its own side's people).
 */
export async function unitFor(
  em: EntityManager,
  actor: AuthUser,
  requested: string | undefined,
): Promise<string | null> {
  if (actor.unitId) {
    if (requested && requested !== actor.unitId)
      throw new ForbiddenException('a unit’s office manages its own unit only');
    return actor.unitId;
  }
  if (!actor.roles.includes('inspection_office'))
    throw new ForbiddenException('only the inspecting office sets up units');
  if (!requested) return null;
  const unit = await em.getRepository(UnitEntity).findOneBy({ id: requested });
  if (!unit || !seesUnit(actor, unit.id))
    throw new BadRequestException(['unitId does not name a unit']);
  return unit.id;
}
