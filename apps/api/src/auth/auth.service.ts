import { randomUUID } from 'node:crypto';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as bcrypt from 'bcryptjs';
import { DataSource } from 'typeorm';
import type { LoginAnswer, UserView } from '@rectiflow/contracts';
import { UserEntity } from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { TokenClaims } from './auth.guard';

export function userView(u: UserEntity): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    departmentId: u.departmentId,
  };
}

// Compared against when the username is unknown, so a failed login costs the same either way.
const DUMMY_HASH = bcrypt.hashSync(randomUUID(), 10);

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
  ) {}

  async login(username: string, password: string): Promise<LoginAnswer> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ username });
    const matches = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !matches) {
      await this.audit.record({
        actorId: user?.id ?? null,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: username,
        data: {},
      });
      throw new UnauthorizedException('wrong username or password');
    }
    const claims: TokenClaims = {
      sub: user.id,
      username: user.username,
      roles: user.roles,
      departmentId: user.departmentId,
    };
    const accessToken = await this.jwt.signAsync(claims);
    await this.audit.record({
      actorId: user.id,
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      data: {},
    });
    return { accessToken, user: userView(user) };
  }

  async me(userId: string): Promise<UserView> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: userId });
    if (!user) throw new UnauthorizedException('the user no longer exists');
    return userView(user);
  }
}
