import type { DepartmentView, Page, UserView } from '@rectiflow/contracts';
import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import * as bcrypt from 'bcryptjs';
import { DataSource } from 'typeorm';
import { isDepartmentScoped } from '@rectiflow/domain';
import { DepartmentEntity, UserEntity, writeTransaction } from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import { userView } from '../auth/auth.service';
import type { CreateDepartmentDto } from './dto/create-department.dto';
import type { CreateUserDto } from './dto/create-user.dto';

/** Departments and users: owned by the API, not by any workflow. */
@Injectable()
export class OrganisationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async departments(page: number, pageSize: number): Promise<Page<DepartmentView>> {
    const [rows, total] = await this.dataSource
      .getRepository(DepartmentEntity)
      .findAndCount({ order: { code: 'ASC' }, skip: (page - 1) * pageSize, take: pageSize });
    return { items: rows.map(({ id, code, name }) => ({ id, code, name })), total };
  }

  async users(page: number, pageSize: number): Promise<Page<UserView>> {
    const [rows, total] = await this.dataSource
      .getRepository(UserEntity)
      .findAndCount({ order: { username: 'ASC' }, skip: (page - 1) * pageSize, take: pageSize });
    return { items: rows.map(userView), total };
  }

  async createDepartment(dto: CreateDepartmentDto, actorId: string): Promise<DepartmentView> {
    return writeTransaction(this.dataSource, async (em) => {
      if (await em.getRepository(DepartmentEntity).existsBy({ code: dto.code })) {
        throw new ConflictException(`department code ${dto.code} already exists`);
      }
      const row = {
        id: randomUUID(),
        code: dto.code,
        name: dto.name,
        createdAt: new Date().toISOString(),
      };
      await em.getRepository(DepartmentEntity).insert(row);
      await this.audit.recordIn(em, {
        actorId,
        action: 'department.created',
        entityType: 'department',
        entityId: row.id,
        data: { code: row.code, name: row.name },
      });
      return { id: row.id, code: row.code, name: row.name };
    });
  }

  async createUser(dto: CreateUserDto, actorId: string): Promise<UserView> {
    const needsDepartment = dto.roles.some(isDepartmentScoped);
    if (needsDepartment && !dto.departmentId) {
      throw new BadRequestException([
        'departmentId is required for the department and department_head roles',
      ]);
    }
    const passwordHash = await bcrypt.hash(dto.password, 10);
    return writeTransaction(this.dataSource, async (em) => {
      if (
        dto.departmentId &&
        !(await em.getRepository(DepartmentEntity).existsBy({ id: dto.departmentId }))
      ) {
        throw new BadRequestException(['departmentId does not name a department']);
      }
      if (await em.getRepository(UserEntity).existsBy({ username: dto.username })) {
        throw new ConflictException(`username ${dto.username} already exists`);
      }
      const row: UserEntity = {
        id: randomUUID(),
        username: dto.username,
        displayName: dto.displayName,
        passwordHash,
        roles: dto.roles,
        departmentId: dto.departmentId ?? null,
        email: dto.email ?? null,
        createdAt: new Date().toISOString(),
      };
      await em.getRepository(UserEntity).insert(row);
      await this.audit.recordIn(em, {
        actorId,
        action: 'user.created',
        entityType: 'user',
        entityId: row.id,
        data: { username: row.username, roles: row.roles, departmentId: row.departmentId },
      });
      return userView(row);
    });
  }
}
