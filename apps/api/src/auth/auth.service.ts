import { randomUUID } from 'node:crypto';
import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as bcrypt from 'bcryptjs';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import type { LoginAnswer, UserView } from '@rectiflow/contracts';
import { passwordProblem } from '@rectiflow/domain';
import { UserEntity, UserOverseesEntity, writeTransaction } from '@rectiflow/persistence';
import { fieldError } from '../http/field-errors';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG } from '../config/config.module';
import type { AuthUser } from './auth.decorators';
import type { TokenClaims } from './auth.guard';
import { CallersService } from './callers.service';
import { DirectoryService } from './directory/directory.service';

export function userView(u: UserEntity, oversees: string[] = []): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    departmentId: u.departmentId,
    unitId: u.unitId,
    active: u.active ?? true,
    mustChangePassword: u.mustChangePassword ?? false,
    authSource: u.authSource ?? 'local',
    lockedUntil: u.lockedUntil && Date.parse(u.lockedUntil) > Date.now() ? u.lockedUntil : null,
    oversees,
  };
}

/** bcrypt's cost for every password hash the API writes. */
export const BCRYPT_COST = 10;

/** The departments a leader oversees (分管), by id. */
export async function overseenBy(em: EntityManager, userId: string): Promise<string[]> {
  const rows = await em.getRepository(UserOverseesEntity).find({
    select: ['departmentId'],
    where: { userId },
    order: { departmentId: 'ASC' },
  });
  return rows.map((r) => r.departmentId);
}

/** 429 for an account locked after too many failed logins; `retryAfterSeconds` until it opens. */
export class AccountLockedException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        code: 'account_locked',
        message: `账户因多次登录失败已被临时锁定，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试 / the account is locked after too many failed sign-ins: retry in ${retryAfterSeconds} s`,
        retryAfterSeconds,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

// Compared against when the username is unknown, so a failed login costs the same either way.
const DUMMY_HASH = bcrypt.hashSync(randomUUID(), 10);
const WRONG = 'wrong username or password';

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly callers: CallersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: DirectoryService,
  ) {}

  async login(username: string, password: string): Promise<LoginAnswer> {
    const users = this.dataSource.getRepository(UserEntity);
    const user = await users.findOneBy({ username });
    const now = Date.now();
    // A locked account is refused before its password is tried: guessing stops meanwhile.
    if (user?.lockedUntil && Date.parse(user.lockedUntil) > now) {
      await this.audit.record({
        actorId: user.id,
        action: 'auth.login_refused_locked',
        entityType: 'user',
        entityId: user.id,
        unitId: user.unitId,
        data: { lockedUntil: user.lockedUntil },
      });
      throw new AccountLockedException(Math.ceil((Date.parse(user.lockedUntil) - now) / 1000));
    }
    // A directory user's password is the directory's (503 while it cannot answer).
    const matches =
      user?.authSource === 'directory'
        ? await this.directory.verify(user, password)
        : await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    const via = user?.authSource === 'directory' ? { via: 'directory' } : {};
    if (!user || !matches || !user.active) {
      await this.audit.record({
        actorId: user?.id ?? null,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: username,
        // A known person's failed login is their unit's to see; a made-up name is nobody's.
        unitId: user?.unitId ?? null,
        data: user && matches && !user.active ? { ...via, inactive: true } : via,
      });
      if (user && !matches) await this.countFailure(user, now);
      throw new UnauthorizedException(WRONG);
    }
    if (user.failedLogins > 0 || user.lockedUntil) {
      await users.update({ id: user.id }, { failedLogins: 0, lockedUntil: null });
    }
    const accessToken = await this.tokenFor(user);
    await this.audit.record({
      actorId: user.id,
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      unitId: user.unitId,
      data: via,
    });
    return {
      accessToken,
      user: userView(user, await overseenBy(this.dataSource.manager, user.id)),
      mustChangePassword: user.mustChangePassword,
    };
  }

  /**
   * One more failure in a row for this account; the one that reaches LOGIN_LOCKOUT_ATTEMPTS
   * locks it for LOGIN_LOCKOUT_DURATION (audited as auth.locked) and is answered 429 already.
   * Counted in the database, so every API replica counts the same run.
   */
  private async countFailure(user: UserEntity, now: number): Promise<void> {
    const { attempts, durationMs } = this.config.loginLockout;
    const users = this.dataSource.getRepository(UserEntity);
    await users
      .createQueryBuilder()
      .update()
      .set({ failedLogins: () => '"failedLogins" + 1' })
      .where('id = :id', { id: user.id })
      .execute();
    const lockedUntil = new Date(now + durationMs).toISOString();
    // Only the request that finds the run complete locks (and audits) it.
    const locked = await users
      .createQueryBuilder()
      .update()
      .set({ failedLogins: 0, lockedUntil })
      .where('id = :id AND "failedLogins" >= :attempts', { id: user.id, attempts })
      .execute();
    if (!locked.affected) return;
    await this.audit.record({
      actorId: user.id,
      action: 'auth.locked',
      entityType: 'user',
      entityId: user.id,
      unitId: user.unitId,
      data: { failedLogins: attempts, lockedUntil },
    });
    throw new AccountLockedException(Math.ceil(durationMs / 1000));
  }

  /** A token naming the user and their current token generation (no roles: those are read). */
  private tokenFor(user: Pick<UserEntity, 'id' | 'tokenGeneration'>): Promise<string> {
    const claims: TokenClaims = { sub: user.id, gen: user.tokenGeneration ?? 0, jti: randomUUID() };
    return this.jwt.signAsync(claims);
  }

  /**
   * Signs in a user someone else vouched for (single sign-on: `via` names it): the same token
   * and audit event (`auth.login`) as a password sign-in. The caller checked they are active.
   */
  async signInVia(user: UserEntity, via: 'oidc'): Promise<LoginAnswer> {
    const accessToken = await this.tokenFor(user);
    await this.audit.record({
      actorId: user.id,
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      unitId: user.unitId,
      data: { via },
    });
    return {
      accessToken,
      user: userView(user, await overseenBy(this.dataSource.manager, user.id)),
      mustChangePassword: user.mustChangePassword,
    };
  }

  async me(userId: string): Promise<UserView> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: userId });
    if (!user) throw new UnauthorizedException('the user no longer exists');
    return userView(user, await overseenBy(this.dataSource.manager, user.id));
  }

  /**
   * The caller's own new password, given the current one: every earlier token of theirs stops
   * working (their token generation is raised). Audited.
   */
  async changePassword(
    actor: AuthUser,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: actor.userId });
    if (!user) throw new UnauthorizedException('the user no longer exists');
    if (user.authSource === 'directory') {
      throw fieldError(
        'currentPassword',
        'directory_account',
        'this account signs in with the directory’s password: change it there',
      );
    }
    if (!(await bcrypt.compare(currentPassword, user.passwordHash))) {
      throw fieldError(
        'currentPassword',
        'wrong_password',
        'currentPassword is not your current password',
      );
    }
    if (currentPassword === newPassword) {
      throw fieldError(
        'newPassword',
        'same_password',
        'newPassword must differ from the current password',
      );
    }
    const problem = passwordProblem(newPassword, user.username, this.config.passwordPolicy);
    if (problem) throw fieldError('newPassword', problem.code, problem.message);
    const passwordHash = await bcrypt.hash(newPassword, BCRYPT_COST);
    await writeTransaction(this.dataSource, async (em) => {
      await em
        .getRepository(UserEntity)
        .createQueryBuilder()
        .update()
        .set({
          passwordHash,
          mustChangePassword: false,
          tokenGeneration: () => '"tokenGeneration" + 1',
        })
        .where('id = :id', { id: user.id })
        .execute();
      await this.audit.recordIn(em, {
        actorId: user.id,
        action: 'user.password_changed',
        entityType: 'user',
        entityId: user.id,
        unitId: user.unitId,
        data: { tokensRevoked: true, wasTemporary: user.mustChangePassword },
      });
    });
    this.callers.forget(user.id);
  }
}
