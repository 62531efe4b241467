import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@rectiflow/domain';
import {
  IS_PUBLIC,
  REQUIRED_ROLES,
  WHILE_PASSWORD_TEMPORARY,
  authUserOf,
  type AuthUser,
} from './auth.decorators';
import { CallersService } from './callers.service';

/**
 * What a token says: who (`sub`), which of their token generations it belongs to (`gen`), its
 * own id (`jti`) and, added on signing, when it was issued and expires (`iat`, `exp`). Roles,
 * department and unit are not in it: they are read from the database on every request.
 */
export interface TokenClaims {
  sub: string;
  gen: number;
  jti: string;
  iat?: number;
  exp?: number;
}

function wellFormed(claims: unknown): claims is TokenClaims & { iat: number } {
  const c = claims as Partial<TokenClaims> | null;
  return (
    !!c &&
    typeof c.sub === 'string' &&
    typeof c.jti === 'string' &&
    Number.isSafeInteger(c.gen) &&
    typeof c.iat === 'number'
  );
}

/** Global guard: every route needs a valid bearer token unless marked @Public. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly callers: CallersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token)
      throw new UnauthorizedException('a bearer token is required');
    let claims: unknown;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new UnauthorizedException('the token is invalid or expired');
    }
    if (!wellFormed(claims)) throw new UnauthorizedException('the token is invalid or expired');
    const caller = await this.callers.find(claims.sub);
    // A user who no longer exists, was deactivated, or whose tokens were revoked (roles,
    // department, password or active flag changed since this token was issued).
    if (!caller || !caller.active || caller.tokenGeneration !== claims.gen) {
      throw new UnauthorizedException('the token is no longer valid: sign in again');
    }
    request.user = authUserOf(caller);
    if (
      caller.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(WHILE_PASSWORD_TEMPORARY, targets)
    ) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        code: 'password_change_required',
        message: '请先修改临时密码 / change your temporary password first (POST /api/me/password)',
      });
    }
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !required.some((r) => caller.roles.includes(r))) {
      throw new ForbiddenException(`this needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}
