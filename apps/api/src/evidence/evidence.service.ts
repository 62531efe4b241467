import type { UploadedEvidence } from '@rectiflow/contracts';
import { randomUUID } from 'node:crypto';
import {
  ConflictException,
  ForbiddenException,
  HttpStatus,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import type { EvidenceKind } from '@rectiflow/domain';
import {
  EvidenceEntity,
  MeasureEntity,
  UserEntity,
  writeTransaction,
} from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { evidenceView, FindingsService } from '../findings/findings.service';
import { fieldError } from '../http/field-errors';
import { acceptUpload, type UploadedFile } from './upload';
import { EvidenceStore } from './evidence-store';

export type { UploadedFile } from './upload';

@Injectable()
export class EvidenceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EvidenceStore,
    private readonly findings: FindingsService,
    private readonly audit: AuditService,
  ) {}

  async upload(
    findingId: string,
    file: UploadedFile | undefined,
    kind: EvidenceKind,
    measureId: string | undefined,
    actor: AuthUser,
  ): Promise<UploadedEvidence> {
    const finding = await this.findings.findVisible(findingId, actor);
    const mayUpload =
      actor.roles.includes('office') ||
      actor.roles.includes('committee') ||
      (actor.roles.some((r) => r === 'department' || r === 'department_head') &&
        (await this.findings.involves(finding, actor.departmentId)));
    if (!mayUpload)
      throw new ForbiddenException(
        'only the lead or a co-operating department, the office or the committee may upload evidence',
      );
    const upload = acceptUpload(file);
    if (
      measureId &&
      !(await this.dataSource.getRepository(MeasureEntity).existsBy({ id: measureId, findingId }))
    ) {
      throw fieldError(
        'measureId',
        'unknown_measure',
        'measureId does not name a measure of this finding',
      );
    }
    const sha256 = await this.store.put(upload.buffer);
    const row: EvidenceEntity = {
      id: randomUUID(),
      findingId,
      unitId: finding.unitId,
      measureId: measureId ?? null,
      kind,
      filename: upload.filename,
      mimeType: upload.mimeType,
      size: upload.size,
      sha256,
      uploadedBy: actor.userId,
      uploadedAt: new Date().toISOString(),
      submittedTaskId: null,
      withdrawnAt: null,
      withdrawnBy: null,
    };
    await writeTransaction(this.dataSource, async (em) => {
      await em.getRepository(EvidenceEntity).insert(row);
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'evidence.uploaded',
        entityType: 'evidence',
        entityId: row.id,
        findingId,
        unitId: finding.unitId,
        data: {
          filename: row.filename,
          sha256,
          size: row.size,
          kind,
          mimeType: row.mimeType,
          measureId: row.measureId,
        },
      });
    });
    return {
      id: row.id,
      filename: row.filename,
      size: row.size,
      sha256,
      kind,
      mimeType: row.mimeType,
      uploadedAt: row.uploadedAt,
      measureId: row.measureId,
    };
  }

  /**
   * 撤回: the uploading department takes a file back before any submission cites it. The row
   * is marked, never erased (the upload's audit event and the stored bytes stay true).
   */
  async withdraw(id: string, actor: AuthUser): Promise<void> {
    const repo = this.dataSource.getRepository(EvidenceEntity);
    const row = await repo.findOneBy({ id });
    if (!row || row.withdrawnAt) throw new NotFoundException(`evidence ${id} does not exist`);
    await this.findings.findVisible(row.findingId, actor);
    if (!(await this.sameDepartmentAsUploader(row, actor))) {
      throw new ForbiddenException('only the department that uploaded a file may withdraw it');
    }
    const at = new Date().toISOString();
    await writeTransaction(this.dataSource, async (em) => {
      // Conditional: a submission locking the file at the same moment wins or loses cleanly.
      const done = await em
        .getRepository(EvidenceEntity)
        .update(
          { id, withdrawnAt: IsNull(), submittedTaskId: IsNull() },
          { withdrawnAt: at, withdrawnBy: actor.userId },
        );
      if (!done.affected) throw new EvidenceSubmittedException();
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'evidence.withdrawn',
        entityType: 'evidence',
        entityId: id,
        findingId: row.findingId,
        unitId: row.unitId,
        data: { filename: row.filename, sha256: row.sha256, measureId: row.measureId },
      });
    });
  }

  private async sameDepartmentAsUploader(row: EvidenceEntity, actor: AuthUser) {
    if (row.uploadedBy === actor.userId) return true;
    if (!actor.departmentId) return false;
    if (!actor.roles.some((r) => r === 'department' || r === 'department_head')) return false;
    const uploader = await this.dataSource
      .getRepository(UserEntity)
      .findOneBy({ id: row.uploadedBy });
    return uploader?.departmentId === actor.departmentId;
  }

  async download(id: string, actor: AuthUser) {
    const row = await this.dataSource.getRepository(EvidenceEntity).findOneBy({ id });
    if (!row) throw new NotFoundException(`evidence ${id} does not exist`);
    await this.findings.findVisible(row.findingId, actor);
    const bytes = await this.store.read(row.sha256);
    await this.audit.record({
      actorId: actor.userId,
      action: 'evidence.downloaded',
      entityType: 'evidence',
      entityId: row.id,
      findingId: row.findingId,
      unitId: row.unitId,
      data: { sha256: row.sha256 },
    });
    return { row: evidenceView(row), bytes };
  }
}

/** 409: a submission already cited the file; the submitted set is what reviewers saw. */
export class EvidenceSubmittedException extends ConflictException {
  constructor() {
    super({
      statusCode: HttpStatus.CONFLICT,
      error: 'Conflict',
      code: 'evidence_submitted',
      message:
        '该文件已随提交送审，不能撤回 / the file was part of a submission and cannot be withdrawn',
    });
  }
}
