import type { DepartmentView, Page, UserView } from '@rectiflow/contracts';
import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import * as bcrypt from 'bcryptjs';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import { isDepartmentScoped, misplacedRoles, requestedUnits, seesUnit } from '@rectiflow/domain';
import { DepartmentEntity, UnitEntity, UserEntity, writeTransaction } from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { userView } from '../auth/auth.service';
import { CallersService } from '../auth/callers.service';
import { mustSeeUnit, scopeToUnits } from '../units/unit-scope';
import type { CreateDepartmentDto } from './dto/create-department.dto';
import type { CreateUserDto } from './dto/create-user.dto';
import type { UpdateUserDto } from './dto/update-user.dto';

export function departmentView(d: DepartmentEntity): DepartmentView {
  return { id: d.id, unitId: d.unitId, code: d.code, name: d.name, active: d.active ?? true };
}

/**
 * Departments and users: owned by the API, not by any workflow. A unit's office keeps its own
 * unit's; the inspecting office keeps the inspecting side's people and may set up any unit it
 * follows.
 */
@Injectable()
export class OrganisationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly callers: CallersService,
  ) {}

  async departments(
    actor: AuthUser,
    page: number,
    pageSize: number,
    unitId?: string,
  ): Promise<Page<DepartmentView>> {
    const qb = this.dataSource.getRepository(DepartmentEntity).createQueryBuilder('d');
    scopeToUnits(qb, actor, 'd.unitId', unitId);
    const [rows, total] = await qb
      .orderBy('d.code', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map(departmentView), total };
  }

  /** People of the caller's unit; the inspecting side also sees its own people (no unit). */
  async users(
    actor: AuthUser,
    page: number,
    pageSize: number,
    unitId?: string,
  ): Promise<Page<UserView>> {
    const qb = this.dataSource.getRepository(UserEntity).createQueryBuilder('u');
    const scope = requestedUnits(actor, unitId);
    const withInspectingSide = actor.unitId === null && !unitId;
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
    const [rows, total] = await qb
      .orderBy('u.username', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map((u) => userView(u)), total };
  }

  async createDepartment(dto: CreateDepartmentDto, actor: AuthUser): Promise<DepartmentView> {
    return writeTransaction(this.dataSource, async (em) => {
      const unitId = await this.unitFor(em, actor, dto.unitId);
      if (!unitId) throw new BadRequestException(['unitId: a department belongs to a unit']);
      if (await em.getRepository(DepartmentEntity).existsBy({ unitId, code: dto.code })) {
        throw new ConflictException(`department code ${dto.code} already exists in this unit`);
      }
      const row: DepartmentEntity = {
        id: randomUUID(),
        unitId,
        code: dto.code,
        name: dto.name,
        createdAt: new Date().toISOString(),
        active: true,
      };
      await em.getRepository(DepartmentEntity).insert(row);
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'department.created',
        entityType: 'department',
        entityId: row.id,
        unitId,
        data: { code: row.code, name: row.name },
      });
      return departmentView(row);
    });
  }

  async createUser(dto: CreateUserDto, actor: AuthUser): Promise<UserView> {
    const needsDepartment = dto.roles.some(isDepartmentScoped);
    if (needsDepartment && !dto.departmentId) {
      throw new BadRequestException([
        'departmentId is required for the department and department_head roles',
      ]);
    }
    const passwordHash = await bcrypt.hash(dto.password ?? randomUUID(), 10);
    return writeTransaction(this.dataSource, async (em) => {
      const unitId = await this.unitFor(em, actor, dto.unitId);
      const misplaced = misplacedRoles(dto.roles, unitId);
      if (misplaced.length > 0) {
        throw new BadRequestException([
          unitId
            ? `roles: ${misplaced.join(', ')} belong to the inspecting side, not to a unit`
            : `roles: the inspecting side holds only inspection_office, supervisor or inspector (unitId names a unit for the others)`,
        ]);
      }
      if (
        dto.departmentId &&
        !(await em
          .getRepository(DepartmentEntity)
          .existsBy({ id: dto.departmentId, unitId: unitId ?? '-' }))
      ) {
        throw new BadRequestException(['departmentId does not name a department of the unit']);
      }
      // The DTO stored the name in its canonical form (NFKC, lower case); an older row written
      // before that rule is compared the same way, so `Office` and `office` never coexist.
      const taken = await em
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .where('LOWER(u.username) = :username', { username: dto.username })
        .getExists();
      if (taken) {
        throw new ConflictException(`username ${dto.username} already exists`);
      }
      const row: UserEntity = {
        id: randomUUID(),
        unitId,
        unitScope: unitId === null ? (dto.unitScope ?? null) : null,
        username: dto.username,
        displayName: dto.displayName,
        passwordHash,
        roles: dto.roles,
        departmentId: dto.departmentId ?? null,
        email: dto.email ?? null,
        createdAt: new Date().toISOString(),
        active: true,
        tokenGeneration: 0,
        failedLogins: 0,
        lockedUntil: null,
        mustChangePassword: false,
        authSource: 'local',
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
        },
      });
      return userView(row);
    });
  }

  /**
   * Changes a user's name, roles, department or active flag: a unit's office for its own unit's
   * people, the inspecting office for the units it follows and its own side. A change of roles,
   * department or active flag revokes the user's earlier tokens (they sign in again, and act
   * with what they now hold). Audited with what changed.
   */
  async updateUser(id: string, dto: UpdateUserDto, actor: AuthUser): Promise<UserView> {
    const view = await writeTransaction(this.dataSource, async (em) => {
      const users = em.getRepository(UserEntity);
      const row = await users.findOneBy({ id });
      if (!row) throw new NotFoundException('user does not exist');
      if (row.unitId !== null) mustSeeUnit(actor, row.unitId, 'user');
      else if (actor.unitId !== null) throw new NotFoundException('user does not exist');
      if (actor.unitId === null && !actor.roles.includes('inspection_office'))
        throw new ForbiddenException('only the inspecting office manages its side and the units');
      if (actor.unitId !== null && !actor.roles.includes('office'))
        throw new ForbiddenException('only the unit’s office manages its people');
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
      if (
        departmentId &&
        departmentId !== row.departmentId &&
        !(await em
          .getRepository(DepartmentEntity)
          .existsBy({ id: departmentId, unitId: row.unitId ?? '-' }))
      ) {
        throw new BadRequestException(['departmentId does not name a department of the unit']);
      }
      const changed: Record<string, { from: unknown; to: unknown }> = {};
      const note = (field: string, from: unknown, to: unknown) => {
        if (JSON.stringify(from) !== JSON.stringify(to)) changed[field] = { from, to };
      };
      if (dto.displayName !== undefined) note('displayName', row.displayName, dto.displayName);
      note('roles', row.roles, roles);
      note('departmentId', row.departmentId, departmentId);
      if (dto.active !== undefined) note('active', row.active, dto.active);
      const revokes = ['roles', 'departmentId', 'active'].some((f) => f in changed);
      const next: UserEntity = {
        ...row,
        displayName: dto.displayName ?? row.displayName,
        roles,
        departmentId,
        active: dto.active ?? row.active,
        tokenGeneration: row.tokenGeneration + (revokes ? 1 : 0),
      };
      if (Object.keys(changed).length === 0) return userView(row);
      await users.update(
        { id: row.id },
        {
          displayName: next.displayName,
          roles: next.roles,
          departmentId: next.departmentId,
          active: next.active,
          tokenGeneration: next.tokenGeneration,
        },
      );
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'user.updated',
        entityType: 'user',
        entityId: row.id,
        unitId: row.unitId,
        data: { changed, tokensRevoked: revokes },
      });
      return userView(next);
    });
    this.callers.forget(id);
    return view;
  }

  /**
   * The unit a new department or person goes into: a unit's office adds to its own unit only;
   * the inspecting office names a unit it follows, or none (its own side's people).
   */
  private async unitFor(
    em: EntityManager,
    actor: AuthUser,
    requested: string | undefined,
  ): Promise<string | null> {
    if (actor.unitId) {
      if (requested && requested !== actor.unitId)
        throw new ForbiddenException('a unit’s office manages its own unit only');
      return actor.unitId;
    }
    if (!actor.roles.includes('inspection_office'))
      throw new ForbiddenException('only the inspecting office sets up units');
    if (!requested) return null;
    const unit = await em.getRepository(UnitEntity).findOneBy({ id: requested });
    if (!unit || !seesUnit(actor, unit.id))
      throw new BadRequestException(['unitId does not name a unit']);
    return unit.id;
  }
}
