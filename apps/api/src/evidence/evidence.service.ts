import type { UploadedEvidence } from '@rectiflow/contracts';
import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EvidenceKind } from '@rectiflow/domain';
import { EvidenceEntity, MeasureEntity, writeTransaction } from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { evidenceView, FindingsService, involvesDepartment } from '../findings/findings.service';
import { fieldError } from '../http/field-errors';
import { checkEvidenceType, decodeUploadName, sanitiseFilename } from './evidence-type';
import { EvidenceStore } from './evidence-store';

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

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
        involvesDepartment(finding, actor.departmentId));
    if (!mayUpload)
      throw new ForbiddenException(
        'only the lead or a co-operating department, the office or the committee may upload evidence',
      );
    if (!file) throw new BadRequestException(['file is required']);
    if (file.size === 0) throw new BadRequestException(['file is empty']);
    const verdict = checkEvidenceType(file.buffer, decodeUploadName(file.originalname));
    if (!verdict.ok) throw fieldError('file', verdict.code, verdict.message);
    const { type } = verdict;
    if (
      measureId &&
      !(await this.dataSource.getRepository(MeasureEntity).existsBy({ id: measureId, findingId }))
    ) {
      throw new BadRequestException(['measureId does not name a measure of this finding']);
    }
    const sha256 = await this.store.put(file.buffer);
    const row: EvidenceEntity = {
      id: randomUUID(),
      findingId,
      unitId: finding.unitId,
      measureId: measureId ?? null,
      kind,
      filename: sanitiseFilename(decodeUploadName(file.originalname), type),
      mimeType: type.mime,
      size: file.size,
      sha256,
      uploadedBy: actor.userId,
      uploadedAt: new Date().toISOString(),
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
        data: { filename: row.filename, sha256, size: row.size, kind, mimeType: row.mimeType },
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
