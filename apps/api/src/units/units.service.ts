import type { Page, UnitSettings, UnitView } from '@rectiflow/contracts';
import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnitEntity, writeTransaction } from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import type { CreateUnitDto, UpdateUnitDto } from './dto/unit.dto';
import { mustSeeUnit, scopeToUnits } from './unit-scope';

export function unitView(u: UnitEntity): UnitView {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    active: u.active,
    settings: u.settings ?? {},
    createdAt: u.createdAt,
  };
}

/** Only what was set: an empty part of the settings means "as the deployment's defaults". */
function cleanSettings(s: UnitSettings | undefined): UnitSettings | null {
  if (!s) return null;
  const timing = Object.fromEntries(
    Object.entries(s.timing ?? {}).filter(([, v]) => typeof v === 'string' && v.length > 0),
  );
  const out: UnitSettings = {};
  if (Object.keys(timing).length > 0) out.timing = timing;
  if (s.review3By) out.review3By = s.review3By;
  if (s.email !== undefined) out.email = s.email;
  return Object.keys(out).length > 0 ? out : null;
}

/** 被巡察单位: the inspecting office sets them up; everyone sees the units they see. */
@Injectable()
export class UnitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: AuthUser, page: number, pageSize: number): Promise<Page<UnitView>> {
    const qb = this.dataSource.getRepository(UnitEntity).createQueryBuilder('u');
    scopeToUnits(qb, actor, 'u.id');
    const [rows, total] = await qb
      .orderBy('u.code', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map(unitView), total };
  }

  async get(id: string, actor: AuthUser): Promise<UnitView> {
    return unitView(await this.mustSee(id, actor));
  }

  async mustSee(id: string, actor: AuthUser): Promise<UnitEntity> {
    const unit = await this.dataSource.getRepository(UnitEntity).findOneBy({ id });
    if (!unit) throw new NotFoundException(`unit ${id} does not exist`);
    mustSeeUnit(actor, unit.id, `unit ${id}`);
    return unit;
  }

  async create(dto: CreateUnitDto, actor: AuthUser): Promise<UnitView> {
    return writeTransaction(this.dataSource, async (em) => {
      if (await em.getRepository(UnitEntity).existsBy({ code: dto.code }))
        throw new ConflictException(`unit code ${dto.code} already exists`);
      const row: UnitEntity = {
        id: randomUUID(),
        code: dto.code,
        name: dto.name.trim(),
        active: true,
        settings: cleanSettings(dto.settings),
        createdAt: new Date().toISOString(),
      };
      await em.getRepository(UnitEntity).insert(row);
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'unit.created',
        entityType: 'unit',
        entityId: row.id,
        unitId: row.id,
        data: { code: row.code, name: row.name, settings: row.settings },
      });
      return unitView(row);
    });
  }

  async update(id: string, dto: UpdateUnitDto, actor: AuthUser): Promise<UnitView> {
    return writeTransaction(this.dataSource, async (em) => {
      const unit = await this.mustSee(id, actor);
      const patch: Partial<UnitEntity> = {};
      if (dto.name !== undefined) patch.name = dto.name.trim();
      if (dto.active !== undefined) patch.active = dto.active;
      if (dto.settings !== undefined) patch.settings = cleanSettings(dto.settings);
      await em.getRepository(UnitEntity).update({ id }, patch);
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'unit.updated',
        entityType: 'unit',
        entityId: id,
        unitId: id,
        data: {
          before: { name: unit.name, active: unit.active, settings: unit.settings },
          ...patch,
        },
      });
      return unitView({ ...unit, ...patch });
    });
  }
}
