import type {
  Page,
  TemporaryPasswordAnswer,
  UserView,
  UserWithPassword,
} from '@rectiflow/contracts';
import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import * as bcrypt from 'bcryptjs';
import { Brackets, DataSource, In, type EntityManager } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import {
  isDepartmentScoped,
  misplacedRoles,
  passwordProblem,
  requestedUnits,
} from '@rectiflow/domain';
import {
  DepartmentEntity,
  UserEntity,
  UserOverseesEntity,
  writeTransaction,
} from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { BCRYPT_COST, overseenBy, userView } from '../auth/auth.service';
import { CallersService } from '../auth/callers.service';
import { APP_CONFIG } from '../config/config.module';
import { fieldError } from '../http/field-errors';
import { likePattern } from '../http/input-hygiene';
import { mustSeeUnit } from '../units/unit-scope';
import type { CreateUserDto } from './dto/create-user.dto';
import type { UserQueryDto } from './dto/organisation-queries.dto';
import type { UpdateUserDto } from './dto/update-user.dto';
import { mustManage, unitFor } from './organisation-access';
import { temporaryPassword } from './temporary-password';

type Changes = Record<string, { from: unknown; to: unknown }>;

/**
 * People: created with a temporary password shown once (or one the office chose), changed,
 * deactivated, given a new temporary password or unlocked by their unit's office (the
 * inspecting office for its own side and the units it follows). Every change is audited; one
 * that changes what they may do (roles, department, active flag, password) revokes their
 * tokens at once.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly callers: CallersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** People of the caller's unit; the inspecting side also sees its own people (no unit). */
  async list(actor: AuthUser, query: UserQueryDto): Promise<Page<UserView>> {
    const qb = this.dataSource.getRepository(UserEntity).createQueryBuilder('u');
    const scope = requestedUnits(actor, query.unitId);
    const withInspectingSide = actor.unitId === null && !query.unitId;
    if (!scope.all || !withInspectingSide) {
      qb.andWhere(
        new Brackets((w) => {
          if (scope.all) w.where('u.unitId IS NOT NULL');
          else if (scope.unitIds.length > 0)
            w.where('u.unitId IN (:...userUnits)', { userUnits: scope.unitIds });
          else w.where('1 = 0');
          if (withInspectingSide) w.orWhere('u.unitId IS NULL');
        }),
      );
    }
    if (query.q)
      qb.andWhere(
        `(LOWER(u.username) LIKE :q ESCAPE '\\' OR LOWER(u.displayName) LIKE :q ESCAPE '\\')`,
        { q: likePattern(query.q.toLowerCase()) },
      );
    // Roles are a JSON array of plain words: the quoted role matches it and nothing else.
    if (query.role) qb.andWhere('u.roles LIKE :role', { role: `%"${query.role}"%` });
    if (query.departmentId)
      qb.andWhere('u.departmentId = :departmentId', { departmentId: query.departmentId });
    if (query.active !== undefined) qb.andWhere('u.active = :active', { active: query.active });
    const [rows, total] = await qb
      .orderBy('u.username', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    const oversees = await overseesOf(
      this.dataSource.manager,
      rows.map((u) => u.id),
    );
    return { items: rows.map((u) => userView(u, oversees.get(u.id))), total };
  }

  async get(id: string, actor: AuthUser): Promise<UserView> {
    const row = await this.dataSource.getRepository(UserEntity).findOneBy({ id });
    if (!row) throw new NotFoundException('user does not exist');
    if (row.unitId !== null) mustSeeUnit(actor, row.unitId, 'user');
    else if (actor.unitId !== null) throw new NotFoundException('user does not exist');
    return userView(row, await overseenBy(this.dataSource.manager, row.id));
  }

  async create(dto: CreateUserDto, actor: AuthUser): Promise<UserWithPassword> {
    const needsDepartment = dto.roles.some(isDepartmentScoped);
    if (needsDepartment && !dto.departmentId) {
      throw new BadRequestException([
        'departmentId is required for the department and department_head roles',
      ]);
    }
    const authSource = dto.authSource ?? 'local';
    // A directory account has no local password at all; otherwise the office's choice (held
    // to the policy) or a temporary one the person must change at first sign-in.
    const temporary = authSource === 'local' && !dto.password ? temporaryPassword() : undefined;
    if (dto.password && authSource === 'local') {
      const problem = passwordProblem(dto.password, dto.username, this.config.passwordPolicy);
      if (problem)
        throw fieldError(
          'password',
          problem.code,
          problem.message.replace('newPassword', 'password'),
        );
    }
    const passwordHash = await bcrypt.hash(
      authSource === 'directory' ? randomUUID() : (dto.password ?? temporary ?? ''),
      BCRYPT_COST,
    );
    const view = await writeTransaction(this.dataSource, async (em) => {
      const unitId = await unitFor(em, actor, dto.unitId);
      const misplaced = misplacedRoles(dto.roles, unitId);
      if (misplaced.length > 0) {
        throw new BadRequestException([
          unitId
            ? `roles: ${misplaced.join(', ')} belong to the inspecting side, not to a unit`
            : `roles: the inspecting side holds only inspection_office, supervisor or inspector (unitId names a unit for the others)`,
        ]);
      }
      if (dto.departmentId) await mustBeActiveDepartment(em, dto.departmentId, unitId);
      // The DTO stored the name in its canonical form (NFKC, lower case); an older row written
      // before that rule is compared the same way, so `Office` and `office` never coexist.
      const taken = await em
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .where('LOWER(u.username) = :username', { username: dto.username })
        .getExists();
      if (taken) throw new ConflictException(`username ${dto.username} already exists`);
      const row: UserEntity = {
        id: randomUUID(),
        unitId,
        unitScope: unitId === null ? (dto.unitScope ?? null) : null,
        username: dto.username,
        displayName: dto.displayName,
        passwordHash,
        roles: [...new Set(dto.roles)],
        departmentId: dto.departmentId ?? null,
        email: dto.email ?? null,
        createdAt: new Date().toISOString(),
        active: true,
        tokenGeneration: 0,
        failedLogins: 0,
        lockedUntil: null,
        mustChangePassword: temporary !== undefined,
        authSource,
      };
      await em.getRepository(UserEntity).insert(row);
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'user.created',
        entityType: 'user',
        entityId: row.id,
        unitId,
        data: {
          username: row.username,
          roles: row.roles,
          departmentId: row.departmentId,
          unitId,
          authSource,
          temporaryPassword: temporary !== undefined,
        },
      });
      return userView(row);
    });
    return temporary ? { ...view, temporaryPassword: temporary } : view;
  }

  /**
   * Changes a user's name, roles, department, active flag or way of signing in. A change of
   * roles, department, active flag or sign-in revokes their tokens (they sign in again and act
   * with what they now hold). Audited with what changed.
   */
  async update(id: string, dto: UpdateUserDto, actor: AuthUser): Promise<UserView> {
    const view = await writeTransaction(this.dataSource, async (em) => {
      const row = await this.managed(em, id, actor);
      if (dto.active === false && row.id === actor.userId) {
        throw new BadRequestException(['active: you cannot deactivate yourself']);
      }
      const roles = dto.roles ? [...new Set(dto.roles)] : row.roles;
      const departmentId = dto.departmentId === undefined ? row.departmentId : dto.departmentId;
      const misplaced = misplacedRoles(roles, row.unitId);
      if (misplaced.length > 0) {
        throw new BadRequestException([
          `roles: ${misplaced.join(', ')} do not belong to ${row.unitId ? 'a unit' : 'the inspecting side'}`,
        ]);
      }
      if (roles.some(isDepartmentScoped) && !departmentId) {
        throw new BadRequestException([
          'departmentId is required for the department and department_head roles',
        ]);
      }
      if (departmentId && departmentId !== row.departmentId)
        await mustBeActiveDepartment(em, departmentId, row.unitId);
      const changed: Changes = {};
      const note = (field: string, from: unknown, to: unknown) => {
        if (JSON.stringify(from) !== JSON.stringify(to)) changed[field] = { from, to };
      };
      if (dto.displayName !== undefined) note('displayName', row.displayName, dto.displayName);
      note('roles', row.roles, roles);
      note('departmentId', row.departmentId, departmentId);
      if (dto.active !== undefined) note('active', row.active, dto.active);
      if (dto.authSource !== undefined) note('authSource', row.authSource, dto.authSource);
      if (Object.keys(changed).length === 0) return userView(row, await overseenBy(em, row.id));
      const revokes = ['roles', 'departmentId', 'active', 'authSource'].some((f) => f in changed);
      const next: UserEntity = {
        ...row,
        displayName: dto.displayName ?? row.displayName,
        roles,
        departmentId,
        active: dto.active ?? row.active,
        authSource: dto.authSource ?? row.authSource,
        // A directory account has no local password to change.
        mustChangePassword:
          (dto.authSource ?? row.authSource) === 'directory' ? false : row.mustChangePassword,
        tokenGeneration: row.tokenGeneration + (revokes ? 1 : 0),
      };
      await em.getRepository(UserEntity).update(
        { id: row.id },
        {
          displayName: next.displayName,
          roles: next.roles,
          departmentId: next.departmentId,
          active: next.active,
          authSource: next.authSource,
          mustChangePassword: next.mustChangePassword,
          tokenGeneration: next.tokenGeneration,
        },
      );
      // A leader no more: their 分管 departments go with the role.
      if (!roles.includes('leader'))
        await em.getRepository(UserOverseesEntity).delete({ userId: row.id });
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'user.updated',
        entityType: 'user',
        entityId: row.id,
        unitId: row.unitId,
        data: { changed, tokensRevoked: revokes },
      });
      return userView(next, await overseenBy(em, row.id));
    });
    this.callers.forget(id);
    return view;
  }

  /**
   * A new temporary password for someone who forgot theirs: shown once to the office, to be
   * changed at the next sign-in; their tokens stop and a lockout ends. Audited (never the
   * password itself).
   */
  async resetPassword(id: string, actor: AuthUser): Promise<TemporaryPasswordAnswer> {
    const password = temporaryPassword();
    const passwordHash = await bcrypt.hash(password, BCRYPT_COST);
    await writeTransaction(this.dataSource, async (em) => {
      const row = await this.managed(em, id, actor);
      if (row.authSource === 'directory')
        throw fieldError(
          'authSource',
          'directory_account',
          'this account signs in with the directory’s password: reset it there',
        );
      await em.getRepository(UserEntity).update(
        { id: row.id },
        {
          passwordHash,
          mustChangePassword: true,
          failedLogins: 0,
          lockedUntil: null,
          tokenGeneration: row.tokenGeneration + 1,
        },
      );
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'user.password_reset',
        entityType: 'user',
        entityId: row.id,
        unitId: row.unitId,
        data: { tokensRevoked: true },
      });
    });
    this.callers.forget(id);
    return { temporaryPassword: password };
  }

  /** Ends a lockout after too many failed sign-ins (the person called the office). */
  async unlock(id: string, actor: AuthUser): Promise<UserView> {
    return writeTransaction(this.dataSource, async (em) => {
      const row = await this.managed(em, id, actor);
      await em
        .getRepository(UserEntity)
        .update({ id: row.id }, { failedLogins: 0, lockedUntil: null });
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'user.unlocked',
        entityType: 'user',
        entityId: row.id,
        unitId: row.unitId,
        data: { lockedUntil: row.lockedUntil, failedLogins: row.failedLogins },
      });
      return userView({ ...row, failedLogins: 0, lockedUntil: null }, await overseenBy(em, row.id));
    });
  }

  /**
   * A leader's 分管 departments, the whole list at once: departments of the leader's own unit.
   * The assign form proposes the leader who oversees the chosen lead department.
   */
  async setOversees(id: string, departmentIds: string[], actor: AuthUser): Promise<UserView> {
    const wanted = [...new Set(departmentIds)].sort();
    return writeTransaction(this.dataSource, async (em) => {
      const row = await this.managed(em, id, actor);
      if (!row.roles.includes('leader') && wanted.length > 0)
        throw fieldError(
          'departmentIds',
          'not_a_leader',
          'departmentIds: only a user with the leader role oversees departments',
        );
      if (wanted.length > 0) {
        const found = await em.getRepository(DepartmentEntity).count({
          where: { id: In(wanted), unitId: row.unitId ?? '-' },
        });
        if (found !== wanted.length)
          throw fieldError(
            'departmentIds',
            'unknown_department',
            'departmentIds names a department that is not of the leader’s unit',
          );
      }
      const before = await overseenBy(em, row.id);
      if (JSON.stringify(before) === JSON.stringify(wanted)) return userView(row, before);
      const oversees = em.getRepository(UserOverseesEntity);
      await oversees.delete({ userId: row.id });
      if (wanted.length > 0)
        await oversees.insert(wanted.map((departmentId) => ({ userId: row.id, departmentId })));
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'user.oversees_changed',
        entityType: 'user',
        entityId: row.id,
        unitId: row.unitId,
        data: { from: before, to: wanted },
      });
      return userView(row, wanted);
    });
  }

  /** The user, if the caller keeps their unit's (or side's) people; else 404/403. */
  private async managed(em: EntityManager, id: string, actor: AuthUser): Promise<UserEntity> {
    const row = await em.getRepository(UserEntity).findOneBy({ id });
    if (!row) throw new NotFoundException('user does not exist');
    mustManage(actor, row.unitId, 'user');
    return row;
  }
}

/** The 分管 departments of several users at once (one query for a page). */
async function overseesOf(em: EntityManager, userIds: string[]): Promise<Map<string, string[]>> {
  const byUser = new Map<string, string[]>();
  if (userIds.length === 0) return byUser;
  const rows = await em.getRepository(UserOverseesEntity).find({
    where: { userId: In(userIds) },
    order: { departmentId: 'ASC' },
  });
  for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r.departmentId]);
  return byUser;
}

/** A person's department must be an active one of their unit. */
async function mustBeActiveDepartment(
  em: EntityManager,
  departmentId: string,
  unitId: string | null,
): Promise<void> {
  const department = await em
    .getRepository(DepartmentEntity)
    .findOneBy({ id: departmentId, unitId: unitId ?? '-' });
  if (!department)
    throw new BadRequestException(['departmentId does not name a department of the unit']);
  if (!department.active)
    throw fieldError(
      'departmentId',
      'department_inactive',
      'departmentId names a deactivated department',
    );
}
