import type { NoticePage, NoticeReadAllAnswer } from '@rectiflow/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { NotificationEntity, writeTransaction } from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';

@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(
    userId: string,
    page: number,
    pageSize: number,
    unreadOnly: boolean,
  ): Promise<NoticePage> {
    const repo = this.dataSource.getRepository(NotificationEntity);
    const where = unreadOnly ? { userId, readAt: IsNull() } : { userId };
    const [rows, total] = await repo.findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const unread = await repo.countBy({ userId, readAt: IsNull() });
    return {
      items: rows.map((n) => ({
        id: n.id,
        kind: n.kind,
        code: n.code,
        params: n.params,
        findingId: n.findingId,
        taskId: n.taskId,
        title: n.title,
        body: n.body,
        createdAt: n.createdAt,
        read: n.readAt !== null,
        readAt: n.readAt,
      })),
      total,
      unread,
    };
  }

  /**
   * Marks every unread notice of the caller read at once (the bell at 99+): one audit event
   * with how many, not one per notice.
   */
  async markAllRead(user: { userId: string; unitId: string | null }): Promise<NoticeReadAllAnswer> {
    const readAt = new Date().toISOString();
    return writeTransaction(this.dataSource, async (em) => {
      const result = await em
        .getRepository(NotificationEntity)
        .update({ userId: user.userId, readAt: IsNull() }, { readAt });
      const updated = result.affected ?? 0;
      if (updated > 0)
        await this.audit.recordIn(em, {
          actorId: user.userId,
          action: 'notification.read_all',
          entityType: 'user',
          entityId: user.userId,
          unitId: user.unitId,
          data: { updated },
        });
      return { updated };
    });
  }

  async markRead(userId: string, id: string) {
    const repo = this.dataSource.getRepository(NotificationEntity);
    const row = await repo.findOneBy({ id, userId });
    if (!row) throw new NotFoundException(`notification ${id} does not exist`);
    if (!row.readAt) {
      const readAt = new Date().toISOString();
      // Having read a reminder or a supervision notice is on the record (audited).
      await writeTransaction(this.dataSource, async (em) => {
        await em.getRepository(NotificationEntity).update({ id }, { readAt });
        await this.audit.recordIn(em, {
          actorId: userId,
          action: 'notification.read',
          entityType: 'notification',
          entityId: id,
          findingId: row.findingId,
          unitId: row.unitId,
          data: { kind: row.kind, taskId: row.taskId },
        });
      });
      row.readAt = readAt;
    }
    return { id, read: true, readAt: row.readAt };
  }
}
