import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, In, IsNull, type SelectQueryBuilder } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import type {
  CommentFileView,
  SupervisionRecordPage,
  SupervisionRecordView,
} from '@rectiflow/contracts';
import {
  DepartmentEntity,
  FindingEntity,
  SupervisionRecordEntity,
  SupervisionRecordFileEntity,
  SupervisionRecordFindingEntity,
  UnitEntity,
  writeTransaction,
} from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import { ExportPool } from '../exports/export-pool';
import type { AuthUser } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import { EvidenceStore } from '../evidence/evidence-store';
import { acceptUpload, type UploadedFile } from '../evidence/upload';
import { FindingsService } from '../findings/findings.service';
import { fieldError } from '../http/field-errors';
import type { DownloadFile } from '../reports/reports.service';
import { scopeToUnits } from '../units/unit-scope';
import type {
  CreateSupervisionRecordDto,
  SupervisionRecordQueryDto,
} from './dto/supervision-record.dto';
import { userNames } from '../organisation/user-names';

/** The most records one export holds. */
const EXPORT_LIMIT = 5000;

/**
 * 约谈 and 问责 records: the supervisor writes them (about findings of one unit, never edited),
 * everyone who watches supervision reads them, filtered by kind, finding, department or round.
 */
@Injectable()
export class SupervisionRecordsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly audit: AuditService,
    private readonly store: EvidenceStore,
    private readonly exports: ExportPool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Today in the organisation's time zone (en-CA formats as YYYY-MM-DD). */
  private today(now = new Date()): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.config.env.ORG_TIMEZONE }).format(now);
  }

  async create(dto: CreateSupervisionRecordDto, actor: AuthUser): Promise<SupervisionRecordView> {
    if (dto.occurredOn > this.today())
      throw fieldError('occurredOn', 'date_in_future', 'occurredOn must not be later than today');
    if (
      dto.kind === 'accountability' &&
      !this.config.accountabilityKinds.includes(dto.accountabilityKind ?? '')
    )
      throw fieldError(
        'accountabilityKind',
        'unknown_accountability_kind',
        `accountabilityKind must be one of ${this.config.accountabilityKinds.join(', ')}`,
      );
    const qb = this.dataSource
      .getRepository(FindingEntity)
      .createQueryBuilder('f')
      .where('f.id IN (:...ids)', { ids: dto.findingIds });
    this.findings.scope(qb, actor, 'f');
    const findings = await qb.getMany();
    if (findings.length !== dto.findingIds.length)
      throw fieldError(
        'findingIds',
        'unknown_finding',
        'findingIds names a finding that does not exist',
      );
    const unitIds = new Set(findings.map((f) => f.unitId));
    if (unitIds.size !== 1)
      throw fieldError(
        'findingIds',
        'mixed_units',
        'the findings of one record belong to one unit',
      );
    const unitId = findings[0].unitId;
    const leads = new Set(findings.map((f) => f.leadDepartmentId));
    let departmentId = dto.departmentId ?? (leads.size === 1 ? [...leads][0] : null);
    if (dto.departmentId) {
      const department = await this.dataSource
        .getRepository(DepartmentEntity)
        .findOneBy({ id: dto.departmentId, unitId });
      if (!department)
        throw fieldError(
          'departmentId',
          'unknown_department',
          'departmentId is not a department of the findings’ unit',
        );
      departmentId = department.id;
    }
    const row: SupervisionRecordEntity = {
      id: randomUUID(),
      unitId,
      kind: dto.kind,
      occurredOn: dto.occurredOn,
      departmentId,
      subject: dto.subject,
      heldBy: dto.kind === 'talk' ? (dto.heldBy ?? '') : '',
      accountabilityKind: dto.kind === 'accountability' ? (dto.accountabilityKind ?? '') : '',
      note: dto.note ?? '',
      recordedBy: actor.userId,
      createdAt: new Date().toISOString(),
    };
    const fileIds = dto.fileIds ?? [];
    await writeTransaction(this.dataSource, async (em) => {
      await em.getRepository(SupervisionRecordEntity).insert(row);
      if (fileIds.length > 0) {
        // Only the caller's own uploads that no record carries yet; all or none.
        const taken = await em
          .getRepository(SupervisionRecordFileEntity)
          .update(
            { id: In(fileIds), uploadedBy: actor.userId, recordId: IsNull() },
            { recordId: row.id },
          );
        if (taken.affected !== fileIds.length)
          throw fieldError(
            'fileIds',
            'unknown_file',
            'fileIds names a file that is not one you uploaded for a record, or that another record carries',
          );
      }
      await em
        .getRepository(SupervisionRecordFindingEntity)
        .insert(findings.map((f) => ({ recordId: row.id, findingId: f.id })));
      // One audit event per finding, so each finding's history shows it.
      for (const f of findings)
        await this.audit.recordIn(em, {
          actorId: actor.userId,
          action:
            row.kind === 'talk'
              ? 'supervision.talk_recorded'
              : 'supervision.accountability_recorded',
          entityType: 'finding',
          entityId: f.id,
          findingId: f.id,
          unitId,
          data: {
            recordId: row.id,
            occurredOn: row.occurredOn,
            departmentId: row.departmentId,
            subject: row.subject,
            heldBy: row.heldBy,
            accountabilityKind: row.accountabilityKind,
            note: row.note,
            findingIds: findings.map((x) => x.id),
            fileIds,
          },
        });
    });
    const [view] = await this.views([row]);
    return view;
  }

  /**
   * A file for a record (the talk's minutes, the decision's document), under the evidence upload
   * rules; the record that names it in `fileIds` carries it.
   */
  async upload(file: UploadedFile | undefined, actor: AuthUser): Promise<CommentFileView> {
    const upload = acceptUpload(file);
    const sha256 = await this.store.put(upload.buffer);
    const row: SupervisionRecordFileEntity = {
      id: randomUUID(),
      recordId: null,
      filename: upload.filename,
      mimeType: upload.mimeType,
      size: upload.size,
      sha256,
      uploadedBy: actor.userId,
      uploadedAt: new Date().toISOString(),
    };
    await writeTransaction(this.dataSource, async (em) => {
      await em.getRepository(SupervisionRecordFileEntity).insert(row);
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'supervision.record_file_uploaded',
        entityType: 'supervision_record_file',
        entityId: row.id,
        unitId: actor.unitId,
        data: { filename: row.filename, sha256, size: row.size, mimeType: row.mimeType },
      });
    });
    return fileView(row);
  }

  /**
   * The bytes of a record's file, for whoever may read the record (its unit in their scope); a
   * file no record carries yet only for the one who uploaded it. Audited.
   */
  async download(id: string, actor: AuthUser) {
    const row = await this.dataSource.getRepository(SupervisionRecordFileEntity).findOneBy({ id });
    const record = row?.recordId
      ? await this.query({ page: 1, pageSize: 1 } as SupervisionRecordQueryDto, actor)
          .andWhere('r.id = :recordId', { recordId: row.recordId })
          .getOne()
      : null;
    const visible = row && (row.recordId ? record !== null : row.uploadedBy === actor.userId);
    if (!row || !visible) throw new NotFoundException(`record file ${id} does not exist`);
    const bytes = await this.store.read(row.sha256);
    await this.audit.record({
      actorId: actor.userId,
      action: 'supervision.record_file_downloaded',
      entityType: 'supervision_record_file',
      entityId: row.id,
      unitId: record?.unitId ?? actor.unitId,
      data: { sha256: row.sha256, recordId: row.recordId },
    });
    return { row, bytes };
  }

  private query(
    q: SupervisionRecordQueryDto,
    actor: AuthUser,
  ): SelectQueryBuilder<SupervisionRecordEntity> {
    const qb = this.dataSource.getRepository(SupervisionRecordEntity).createQueryBuilder('r');
    scopeToUnits(qb, actor, 'r.unitId', q.unitId);
    if (q.kind) qb.andWhere('r.kind = :kind', { kind: q.kind });
    if (q.departmentId) qb.andWhere('r.departmentId = :dept', { dept: q.departmentId });
    if (q.findingId || q.roundId) {
      const sub = this.dataSource
        .getRepository(SupervisionRecordFindingEntity)
        .createQueryBuilder('rf')
        .select('rf.recordId')
        .innerJoin(FindingEntity, 'rff', 'rff.id = rf.findingId');
      if (q.findingId) sub.andWhere('rf.findingId = :findingId');
      if (q.roundId) sub.andWhere('rff.roundId = :roundId');
      qb.andWhere(`r.id IN (${sub.getQuery()})`, { findingId: q.findingId, roundId: q.roundId });
    }
    return qb.orderBy('r.occurredOn', 'DESC').addOrderBy('r.createdAt', 'DESC');
  }

  async list(q: SupervisionRecordQueryDto, actor: AuthUser): Promise<SupervisionRecordPage> {
    const [rows, total] = await this.query(q, actor)
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return {
      items: await this.views(rows),
      total,
      accountabilityKinds: this.config.accountabilityKinds,
    };
  }

  async workbook(q: SupervisionRecordQueryDto, actor: AuthUser): Promise<DownloadFile> {
    const now = new Date();
    const rows = (await this.query(q, actor).take(EXPORT_LIMIT).getMany()).reverse();
    const views = await this.views(rows);
    const units = await this.dataSource
      .getRepository(UnitEntity)
      .findBy({ id: In([...new Set(rows.map((r) => r.unitId))]) });
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const body = await this.exports.build('supervisionRecords', {
      asOf: now,
      items: views.map((v) => ({
        kind: v.kind,
        occurredOn: v.occurredOn,
        unit: unitName.get(v.unitId) ?? '',
        department: v.departmentName ?? '',
        subject: v.subject,
        heldBy: v.heldBy,
        accountabilityKind: v.accountabilityKind,
        findings: v.findings.map((f) => `${f.code} ${f.title}`).join('\n'),
        note: v.note,
        files: v.files.map((f) => f.filename).join('\n'),
        recordedBy: v.recordedByName,
      })),
    });
    await this.audit.record({
      actorId: actor.userId,
      action: 'supervision.records_exported',
      entityType: 'supervision',
      entityId: q.roundId ?? q.unitId ?? actor.unitId ?? 'all',
      unitId: actor.unitId,
      data: { records: rows.length, filters: { ...q } },
    });
    return {
      filename: `约谈问责记录-${this.today(now)}.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body,
    };
  }

  /** The views of some records: their findings, department and recorder, in three queries. */
  private async views(rows: SupervisionRecordEntity[]): Promise<SupervisionRecordView[]> {
    if (rows.length === 0) return [];
    const links = await this.dataSource
      .getRepository(SupervisionRecordFindingEntity)
      .findBy({ recordId: In(rows.map((r) => r.id)) });
    const [findings, departments, user, files] = await Promise.all([
      this.dataSource.getRepository(FindingEntity).find({
        select: ['id', 'code', 'title'],
        where: { id: In([...new Set(links.map((l) => l.findingId))]) },
      }),
      this.dataSource.getRepository(DepartmentEntity).findBy({
        id: In([...new Set(rows.map((r) => r.departmentId).filter((d): d is string => !!d))]),
      }),
      userNames(
        this.dataSource,
        rows.map((r) => r.recordedBy),
      ),
      this.dataSource.getRepository(SupervisionRecordFileEntity).find({
        where: { recordId: In(rows.map((r) => r.id)) },
        order: { uploadedAt: 'ASC', id: 'ASC' },
      }),
    ]);
    const finding = new Map(
      findings.map((f) => [f.id, { id: f.id, code: f.code, title: f.title }]),
    );
    const department = new Map(departments.map((d) => [d.id, d.name]));
    return rows.map((r) => ({
      id: r.id,
      unitId: r.unitId,
      kind: r.kind,
      occurredOn: r.occurredOn,
      departmentId: r.departmentId,
      departmentName: r.departmentId ? (department.get(r.departmentId) ?? null) : null,
      subject: r.subject,
      heldBy: r.heldBy,
      accountabilityKind: r.accountabilityKind,
      note: r.note,
      files: files.filter((f) => f.recordId === r.id).map(fileView),
      findings: links
        .filter((l) => l.recordId === r.id)
        .map((l) => finding.get(l.findingId))
        .filter((f): f is { id: string; code: string; title: string } => !!f)
        .sort((a, b) => a.code.localeCompare(b.code, 'zh-CN', { numeric: true })),
      recordedBy: r.recordedBy,
      recordedByName: user.get(r.recordedBy) ?? '',
      createdAt: r.createdAt,
    }));
  }
}

function fileView(f: SupervisionRecordFileEntity): CommentFileView {
  return {
    id: f.id,
    filename: f.filename,
    mimeType: f.mimeType,
    size: f.size,
    sha256: f.sha256,
    uploadedAt: f.uploadedAt,
  };
}
