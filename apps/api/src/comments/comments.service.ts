import type { CommentFileView, CommentPage, CommentView } from '@rectiflow/contracts';
import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import { renderNotice } from '@rectiflow/domain';
import {
  CommentFileEntity,
  FindingCommentEntity,
  NotificationEntity,
  UserEntity,
  writeTransaction,
} from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { FindingsService } from '../findings/findings.service';
import { fieldError } from '../http/field-errors';
import { EvidenceStore } from '../evidence/evidence-store';
import { acceptUpload, type UploadedFile } from '../evidence/upload';
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
    private readonly store: EvidenceStore,
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
    const files = await this.filesOf(rows.map((r) => r.id));
    return { items: rows.map((r) => commentView(r, names, files.get(r.id) ?? [])), total };
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
    const fileIds = [...new Set(dto.fileIds ?? [])];
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
    let files: CommentFileEntity[] = [];
    await writeTransaction(this.dataSource, async (em) => {
      await em.getRepository(FindingCommentEntity).insert(row);
      if (fileIds.length > 0) {
        // Conditional: only the caller's own files of this finding that no comment carries yet
        // (a second comment naming them, even at the same moment, finds none).
        const taken = await em
          .getRepository(CommentFileEntity)
          .update(
            { id: In(fileIds), findingId, uploadedBy: actor.userId, commentId: IsNull() },
            { commentId: row.id },
          );
        if (taken.affected !== fileIds.length)
          throw fieldError(
            'fileIds',
            'unknown_file',
            'fileIds names a file that is not one you uploaded to this finding’s discussion, or that another comment carries',
          );
        files = await em
          .getRepository(CommentFileEntity)
          .find({ where: { commentId: row.id }, order: { uploadedAt: 'ASC', id: 'ASC' } });
      }
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
        data: {
          commentId: row.id,
          text: row.text,
          mentionUserIds: mentionIds,
          files: files.map((f) => ({ id: f.id, filename: f.filename, sha256: f.sha256 })),
        },
      });
    });
    return commentView(row, new Map([[author.id, author.displayName]]), files);
  }

  /**
   * A file for a comment, under the evidence upload rules (size by UPLOAD_MAX_BYTES, the
   * allowed types checked by their bytes, SHA-256, stored by hash): whoever may comment on
   * the finding may upload; the comment that names it in `fileIds` carries it.
   */
  async upload(
    findingId: string,
    file: UploadedFile | undefined,
    actor: AuthUser,
  ): Promise<CommentFileView> {
    const finding = await this.findings.findVisible(findingId, actor);
    const upload = acceptUpload(file);
    const sha256 = await this.store.put(upload.buffer);
    const row: CommentFileEntity = {
      id: randomUUID(),
      findingId,
      unitId: finding.unitId,
      commentId: null,
      filename: upload.filename,
      mimeType: upload.mimeType,
      size: upload.size,
      sha256,
      uploadedBy: actor.userId,
      uploadedAt: new Date().toISOString(),
    };
    await writeTransaction(this.dataSource, async (em) => {
      await em.getRepository(CommentFileEntity).insert(row);
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'comment_file.uploaded',
        entityType: 'comment_file',
        entityId: row.id,
        findingId,
        unitId: finding.unitId,
        data: { filename: row.filename, sha256, size: row.size, mimeType: row.mimeType },
      });
    });
    return fileView(row);
  }

  /** The bytes of a comment's file, for whoever may see its finding; audited. */
  async download(id: string, actor: AuthUser) {
    const row = await this.dataSource.getRepository(CommentFileEntity).findOneBy({ id });
    if (!row) throw new NotFoundException(`comment file ${id} does not exist`);
    await this.findings.findVisible(row.findingId, actor);
    const bytes = await this.store.read(row.sha256);
    await this.audit.record({
      actorId: actor.userId,
      action: 'comment_file.downloaded',
      entityType: 'comment_file',
      entityId: row.id,
      findingId: row.findingId,
      unitId: row.unitId,
      data: { sha256: row.sha256 },
    });
    return { row, bytes };
  }

  private async filesOf(commentIds: string[]): Promise<Map<string, CommentFileView[]>> {
    const byComment = new Map<string, CommentFileView[]>();
    if (commentIds.length === 0) return byComment;
    const rows = await this.dataSource
      .getRepository(CommentFileEntity)
      .find({ where: { commentId: In(commentIds) }, order: { uploadedAt: 'ASC', id: 'ASC' } });
    for (const r of rows) {
      const list = byComment.get(r.commentId!) ?? [];
      list.push(fileView(r));
      byComment.set(r.commentId!, list);
    }
    return byComment;
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

function fileView(
  f: Pick<CommentFileEntity, 'id' | 'filename' | 'mimeType' | 'size' | 'sha256' | 'uploadedAt'>,
): CommentFileView {
  return {
    id: f.id,
    filename: f.filename,
    mimeType: f.mimeType,
    size: f.size,
    sha256: f.sha256,
    uploadedAt: f.uploadedAt,
  };
}

function commentView(
  r: FindingCommentEntity,
  names: Map<string, string>,
  files: CommentFileView[] | CommentFileEntity[],
): CommentView {
  return {
    id: r.id,
    findingId: r.findingId,
    authorId: r.authorId,
    authorName: names.get(r.authorId) ?? '',
    text: r.text,
    mentionUserIds: r.mentionUserIds,
    files: files.map(fileView),
    createdAt: r.createdAt,
  };
}
