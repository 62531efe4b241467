import type { Role } from './vocabulary';

/** Who is acting: taken from the verified token, never from a request body. */
export interface Actor {
  userId: string;
  roles: Role[];
  departmentId: string | null;
}

/** Roles whose tasks are scoped to the actor's own department. */
export const DEPARTMENT_SCOPED_ROLES: readonly Role[] = ['department', 'department_head'];

export function isDepartmentScoped(role: Role): boolean {
  return DEPARTMENT_SCOPED_ROLES.includes(role);
}
