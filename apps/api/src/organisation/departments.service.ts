import type { DepartmentView, Page, UserView } from '@rectiflow/contracts';
import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  HttpStatus,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import {
  DepartmentEntity,
  FindingEntity,
  UserEntity,
  UserOverseesEntity,
  writeTransaction,
} from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { userView } from '../auth/auth.service';
import { likePattern } from '../http/input-hygiene';
import { mustSeeUnit, scopeToUnits } from '../units/unit-scope';
import type { CreateDepartmentDto } from './dto/create-department.dto';
import type { DepartmentQueryDto } from './dto/organisation-queries.dto';
import type { UpdateDepartmentDto } from './dto/update-department.dto';
import { mustManage, unitFor } from './organisation-access';

export function departmentView(d: DepartmentEntity): DepartmentView {
  return { id: d.id, unitId: d.unitId, code: d.code, name: d.name, active: d.active ?? true };
}

/** 409 for deactivating a department that still leads open findings, with how many. */
export class DepartmentHasOpenFindings extends ConflictException {
  constructor(openFindings: number) {
    super({
      statusCode: HttpStatus.CONFLICT,
      error: 'Conflict',
      code: 'department_has_open_findings',
      openFindings,
      message: `该部门仍牵头 ${openFindings} 个未销号问题，请先调整牵头部门 / the department still leads ${openFindings} open findings: reassign them first`,
    });
  }
}

/** Departments: owned by the API, not by any workflow; every change audited. */
@Injectable()
export class DepartmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: AuthUser, query: DepartmentQueryDto): Promise<Page<DepartmentView>> {
    const qb = this.dataSource.getRepository(DepartmentEntity).createQueryBuilder('d');
    scopeToUnits(qb, actor, 'd.unitId', query.unitId);
    if (query.q)
      qb.andWhere(`(LOWER(d.code) LIKE :q ESCAPE '\\' OR LOWER(d.name) LIKE :q ESCAPE '\\')`, {
        q: likePattern(query.q.toLowerCase()),
      });
    if (query.active !== undefined) qb.andWhere('d.active = :active', { active: query.active });
    const [rows, total] = await qb
      .orderBy('d.code', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items: rows.map(departmentView), total };
  }

  async create(dto: CreateDepartmentDto, actor: AuthUser): Promise<DepartmentView> {
    return writeTransaction(this.dataSource, async (em) => {
      const unitId = await unitFor(em, actor, dto.unitId);
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

  /**
   * Renames, recodes, deactivates or reactivates a department. Deactivating one that leads
   * open findings is refused with how many: they are reassigned first. Audited with what
   * changed; findings keep the department's id, so their history reads the new name.
   */
  async update(id: string, dto: UpdateDepartmentDto, actor: AuthUser): Promise<DepartmentView> {
    return writeTransaction(this.dataSource, async (em) => {
      const departments = em.getRepository(DepartmentEntity);
      const row = await departments.findOneBy({ id });
      if (!row) throw new NotFoundException('department does not exist');
      mustManage(actor, row.unitId, 'department');
      if (
        dto.code !== undefined &&
        dto.code !== row.code &&
        (await departments.existsBy({ unitId: row.unitId, code: dto.code, id: Not(row.id) }))
      ) {
        throw new ConflictException(`department code ${dto.code} already exists in this unit`);
      }
      if (dto.active === false && row.active) {
        const open = await em
          .getRepository(FindingEntity)
          .createQueryBuilder('f')
          .where('f.leadDepartmentId = :id', { id: row.id })
          .andWhere("f.stage <> 'closed'")
          .getCount();
        if (open > 0) throw new DepartmentHasOpenFindings(open);
      }
      const changed: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of ['code', 'name', 'active'] as const) {
        const to = dto[field];
        if (to !== undefined && to !== row[field]) changed[field] = { from: row[field], to };
      }
      if (Object.keys(changed).length === 0) return departmentView(row);
      const next: DepartmentEntity = {
        ...row,
        code: dto.code ?? row.code,
        name: dto.name ?? row.name,
        active: dto.active ?? row.active,
      };
      await departments.update(
        { id: row.id },
        { code: next.code, name: next.name, active: next.active },
      );
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'department.updated',
        entityType: 'department',
        entityId: row.id,
        unitId: row.unitId,
        data: { changed },
      });
      return departmentView(next);
    });
  }

  /** The active leaders who oversee (分管) this department: whom the assign form proposes. */
  async overseers(id: string, actor: AuthUser): Promise<{ items: UserView[] }> {
    const department = await this.dataSource.getRepository(DepartmentEntity).findOneBy({ id });
    if (!department) throw new NotFoundException('department does not exist');
    // Read by whoever sees the unit (its office's assign form, the inspecting side).
    mustSeeUnit(actor, department.unitId, 'department');
    const leaders = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .innerJoin(UserOverseesEntity, 'o', 'o.userId = u.id')
      .where('o.departmentId = :id', { id })
      .andWhere('u.active = :yes', { yes: true })
      .orderBy('u.username', 'ASC')
      .getMany();
    return { items: leaders.map((u) => userView(u, [id])) };
  }
}
