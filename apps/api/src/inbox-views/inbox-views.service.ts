import type { InboxSavedView, InboxSavedViewList, InboxViewFilters } from '@rectiflow/contracts';
import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { INBOX_VIEW_LIMITS } from '@rectiflow/contracts/web';
import { InboxViewEntity, writeTransaction } from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { fieldError } from '../http/field-errors';
import type { CreateInboxViewDto } from './inbox-view.dto';

/**
 * 保存视图: each person's named inbox filters, theirs alone (nobody else lists, reads or
 * deletes them), at most INBOX_VIEW_LIMITS.perUser, names unique per person.
 */
@Injectable()
export class InboxViewsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: AuthUser): Promise<InboxSavedViewList> {
    const rows = await this.dataSource
      .getRepository(InboxViewEntity)
      .find({ where: { userId: actor.userId }, order: { name: 'ASC', id: 'ASC' } });
    return { items: rows.map(view) };
  }

  async create(dto: CreateInboxViewDto, actor: AuthUser): Promise<InboxSavedView> {
    // Only the filters set are kept (a view of "all" is `{}`).
    const filters: Record<string, string | boolean> = Object.fromEntries(
      Object.entries(dto.filters).filter(([, v]) => v !== undefined && v !== null && v !== ''),
    );
    const row: InboxViewEntity = {
      id: randomUUID(),
      userId: actor.userId,
      name: dto.name,
      filters,
      createdAt: new Date().toISOString(),
    };
    await writeTransaction(this.dataSource, async (em) => {
      const repo = em.getRepository(InboxViewEntity);
      if (await repo.existsBy({ userId: actor.userId, name: dto.name }))
        throw fieldError(
          'name',
          'view_name_taken',
          `name: you already have a view named ${dto.name}`,
        );
      if ((await repo.countBy({ userId: actor.userId })) >= INBOX_VIEW_LIMITS.perUser)
        throw fieldError(
          'name',
          'too_many_views',
          `name: at most ${INBOX_VIEW_LIMITS.perUser} saved views per person; delete one first`,
        );
      await repo.insert(row);
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'inbox_view.saved',
        entityType: 'inbox_view',
        entityId: row.id,
        unitId: actor.unitId,
        data: { name: row.name, filters },
      });
    });
    return view(row);
  }

  async remove(id: string, actor: AuthUser): Promise<void> {
    await writeTransaction(this.dataSource, async (em) => {
      const repo = em.getRepository(InboxViewEntity);
      // Somebody else's view does not exist for the caller.
      const row = await repo.findOneBy({ id, userId: actor.userId });
      if (!row) throw new NotFoundException(`you have no saved view ${id}`);
      await repo.delete({ id, userId: actor.userId });
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'inbox_view.deleted',
        entityType: 'inbox_view',
        entityId: id,
        unitId: actor.unitId,
        data: { name: row.name },
      });
    });
  }
}

function view(r: InboxViewEntity): InboxSavedView {
  return { id: r.id, name: r.name, filters: r.filters as InboxViewFilters, createdAt: r.createdAt };
}
