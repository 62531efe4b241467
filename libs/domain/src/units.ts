import type { Actor } from './actor';
import type { Role } from './vocabulary';

/**
 * One deployment serves the inspecting side and every unit it inspects (上下联动). A unit's own
 * roles act only inside their unit; the inspecting side has no unit and sees the units it is
 * given (all by default) without taking their tasks.
 */

/** Roles a person of the inspecting side (no unit) may hold. */
export const INSPECTING_SIDE_ROLES: readonly Role[] = [
  'inspection_office',
  'supervisor',
  'inspector',
];

/** Roles a person of a unit may hold. */
export const UNIT_ROLES: readonly Role[] = [
  'office',
  'leader',
  'department',
  'department_head',
  'committee',
  'supervisor',
  'inspector',
];

/** Which roles do not fit where the person works (a unit, or the inspecting side). */
export function misplacedRoles(roles: readonly Role[], unitId: string | null): Role[] {
  const allowed = unitId === null ? INSPECTING_SIDE_ROLES : UNIT_ROLES;
  return roles.filter((r) => !allowed.includes(r));
}

/** The units a person may see: their own, or (inspecting side) those given, or all. */
export type UnitScope = { all: true } | { all: false; unitIds: string[] };

export interface ScopedActor extends Actor {
  /** Inspecting side only: the units they are given; null (or absent) means all. */
  unitScope?: string[] | null;
}

export function unitScopeOf(actor: ScopedActor): UnitScope {
  if (actor.unitId) return { all: false, unitIds: [actor.unitId] };
  if (actor.unitId === null && !actor.unitScope) return { all: true };
  return { all: false, unitIds: actor.unitScope ?? [] };
}

export function seesUnit(actor: ScopedActor, unitId: string | null): boolean {
  const scope = unitScopeOf(actor);
  return scope.all || (unitId !== null && scope.unitIds.includes(unitId));
}

/**
 * The units a request is about: an inspecting-side caller may narrow to one unit it sees
 * (`?unitId=`); anyone else is confined to their own unit, whatever they ask for.
 */
export function requestedUnits(actor: ScopedActor, unitId?: string): UnitScope {
  const scope = unitScopeOf(actor);
  if (!unitId) return scope;
  if (actor.unitId) return scope;
  if (scope.all || scope.unitIds.includes(unitId)) return { all: false, unitIds: [unitId] };
  return { all: false, unitIds: [] };
}
