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
import { IS_PUBLIC, REQUIRED_ROLES, type AuthUser } from './auth.decorators';

export interface TokenClaims {
  sub: string;
  username: string;
  roles: Role[];
  departmentId: string | null;
  unitId: string | null;
  unitScope: string[] | null;
}

/** Global guard: every route needs a valid bearer token unless marked @Public. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
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
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new UnauthorizedException('the token is invalid or expired');
    }
    request.user = {
      userId: claims.sub,
      username: claims.username,
      roles: claims.roles,
      departmentId: claims.departmentId,
      unitId: claims.unitId ?? null,
      unitScope: claims.unitScope ?? null,
    };
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !required.some((r) => claims.roles.includes(r))) {
      throw new ForbiddenException(`this needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}
