import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role, ScopedActor } from '@rectiflow/domain';
import type { UserEntity } from '@rectiflow/persistence';

export const IS_PUBLIC = 'rectiflow:public';
export const REQUIRED_ROLES = 'rectiflow:roles';
export const WHILE_PASSWORD_TEMPORARY = 'rectiflow:while-password-temporary';

/** No token needed (health, login, public pages). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Open to a caller who still holds a temporary password (`GET /api/me`, `POST /api/me/password`);
 * every other route answers them 403 `password_change_required`.
 */
export const WhilePasswordTemporary = () => SetMetadata(WHILE_PASSWORD_TEMPORARY, true);

/** Only callers holding one of these roles; others get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/**
 * The signed-in user: who they are, their roles and department, and the unit they work in
 * (null: the inspecting side, who see `unitScope` — the units they are given, null for all).
 */
export interface AuthUser extends ScopedActor {
  username: string;
  unitId: string | null;
  unitScope: string[] | null;
}

/** The signed-in user a request acts as, from their row of the users table. */
export function authUserOf(
  user: Pick<UserEntity, 'id' | 'username' | 'roles' | 'departmentId' | 'unitId' | 'unitScope'>,
): AuthUser {
  return {
    userId: user.id,
    username: user.username,
    roles: user.roles,
    departmentId: user.departmentId,
    unitId: user.unitId ?? null,
    unitScope: user.unitScope ?? null,
  };
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
