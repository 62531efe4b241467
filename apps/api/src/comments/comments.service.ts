import type { CommentPage, CommentView } from '@rectiflow/contracts';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { renderNotice } from '@rectiflow/domain';
import {
  FindingCommentEntity,
  NotificationEntity,
  UserEntity,
  writeTransaction,
} from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { FindingsService } from '../findings/findings.service';
import { fieldError } from '../http/field-errors';
import type { CreateCommentDto } from './dto/create-comment.dto';

const EXCERPT = 80;

/**
 * A finding's discussion: whoever may see the finding reads and writes it (the office, the
 * departments involved, the leader, reviewers and supervisors); a comment is never edited, is
 * in the audit log, and each person it @mentions gets a notice.
 */
@Injectable()
export class CommentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly audit: AuditService,
  ) {}

  async list(
    findingId: string,
    actor: AuthUser,
    page: number,
    pageSize: number,
  ): Promise<CommentPage> {
    await this.findings.findVisible(findingId, actor);
    const [rows, total] = await this.dataSource.getRepository(FindingCommentEntity).findAndCount({
      where: { findingId },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const names = await this.names(rows.map((r) => r.authorId));
    return { items: rows.map((r) => commentView(r, names)), total };
  }

  async add(findingId: string, dto: CreateCommentDto, actor: AuthUser): Promise<CommentView> {
    const finding = await this.findings.findVisible(findingId, actor);
    const mentionIds = [...new Set(dto.mentionUserIds ?? [])];
    const users = this.dataSource.getRepository(UserEntity);
    const mentioned =
      mentionIds.length > 0
        ? await users.find({ where: { id: In(mentionIds), active: true } })
        : [];
    // People of the finding's unit, or of the inspecting side that follows it.
    const reachable = mentioned.filter(
      (u) =>
        u.unitId === finding.unitId ||
        (u.unitId === null && (!u.unitScope || u.unitScope.includes(finding.unitId))),
    );
    if (reachable.length !== mentionIds.length)
      throw fieldError(
        'mentionUserIds',
        'unknown_user',
        'mentionUserIds names someone who is not an active person of this finding’s unit',
      );
    const author = await users.findOneByOrFail({ id: actor.userId });
    const row: FindingCommentEntity = {
      id: randomUUID(),
      findingId,
      unitId: finding.unitId,
      authorId: actor.userId,
      text: dto.text,
      mentionUserIds: mentionIds,
      createdAt: new Date().toISOString(),
    };
    const excerpt =
      [...dto.text].length > EXCERPT ? `${[...dto.text].slice(0, EXCERPT).join('')}…` : dto.text;
    const params = { findingTitle: finding.title, author: author.displayName, excerpt };
    const zh = renderNotice('mentioned', params, 'zh');
    await writeTransaction(this.dataSource, async (em) => {
      await em.getRepository(FindingCommentEntity).insert(row);
      for (const userId of mentionIds.filter((id) => id !== actor.userId)) {
        await em.getRepository(NotificationEntity).insert({
          id: `${row.id}:${userId}`,
          noticeId: row.id,
          userId,
          unitId: finding.unitId,
          kind: 'mention',
          code: 'mentioned',
          params,
          findingId,
          taskId: null,
          title: zh.title,
          body: zh.body,
          createdAt: row.createdAt,
          readAt: null,
          emailedAt: null,
        });
      }
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'comment.added',
        entityType: 'finding',
        entityId: findingId,
        findingId,
        unitId: finding.unitId,
        data: { commentId: row.id, text: row.text, mentionUserIds: mentionIds },
      });
    });
    return commentView(row, new Map([[author.id, author.displayName]]));
  }

  private async names(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(UserEntity)
      .find({ select: ['id', 'displayName'], where: { id: In(unique) } });
    return new Map(rows.map((u) => [u.id, u.displayName]));
  }
}

function commentView(r: FindingCommentEntity, names: Map<string, string>): CommentView {
  return {
    id: r.id,
    findingId: r.findingId,
    authorId: r.authorId,
    authorName: names.get(r.authorId) ?? '',
    text: r.text,
    mentionUserIds: r.mentionUserIds,
    createdAt: r.createdAt,
  };
}
