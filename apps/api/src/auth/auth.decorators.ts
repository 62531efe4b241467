import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '@rectiflow/domain';

export const IS_PUBLIC = 'rectiflow:public';
export const REQUIRED_ROLES = 'rectiflow:roles';

/** No token needed (health, login, public pages). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only callers holding one of these roles; others get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The signed-in user, as the verified token says. */
export interface AuthUser extends Actor {
  username: string;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
