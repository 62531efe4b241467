import type { Role } from './vocabulary';

/**
 * Who is acting: resolved by the API from the database, never from a request body.
 * `unitId` is the unit (被巡察单位) the person works in; null for the inspecting side
 * (巡察办, 纪委监委, 巡察组), who work across units. Absent in steps recorded before units
 * existed (workflow histories), where it is not checked.
 */
export interface Actor {
  userId: string;
  roles: Role[];
  departmentId: string | null;
  unitId?: string | null;
}

/** Roles whose tasks are scoped to the actor's own department. */
export const DEPARTMENT_SCOPED_ROLES: readonly Role[] = ['department', 'department_head'];

export function isDepartmentScoped(role: Role): boolean {
  return DEPARTMENT_SCOPED_ROLES.includes(role);
}
