import type {
  BatchSummary,
  BatchView,
  CompletionFigures,
  Page,
  UnitEvaluationView,
} from '@rectiflow/contracts';
import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import { seesUnit } from '@rectiflow/domain';
import {
  BatchEntity,
  UnitEntity,
  UnitEvaluationEntity,
  writeTransaction,
} from '@rectiflow/persistence';
import { batchSummaryTitle } from '@rectiflow/reports';
import { AuditService } from '../audit/audit.service';
import { ExportPool } from '../exports/export-pool';
import type { AuthUser } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import { checkEvidenceType, decodeUploadName, sanitiseFilename } from '../evidence/evidence-type';
import { fieldError } from '../http/field-errors';
import { EvidenceStore } from '../evidence/evidence-store';
import type { DownloadFile } from '../reports/reports.service';
import { mustSeeUnit } from '../units/unit-scope';
import { batchFigures } from './batch-figures';
import type { CreateBatchDto, CreateEvaluationDto } from './dto/batch.dto';

export function batchView(b: BatchEntity): BatchView {
  return {
    id: b.id,
    title: b.title,
    unitIds: b.unitIds,
    createdBy: b.createdBy,
    createdAt: b.createdAt,
  };
}

function evaluationView(e: UnitEvaluationEntity): UnitEvaluationView {
  return {
    id: e.id,
    batchId: e.batchId,
    unitId: e.unitId,
    rating: e.rating,
    note: e.note,
    files: e.files,
    evaluatedBy: e.evaluatedBy,
    at: e.at,
  };
}

const ZERO: CompletionFigures = {
  findings: 0,
  completed: 0,
  inProgress: 0,
  notCompleted: 0,
  completionRate: 0,
};

/**
 * Inspection batches of the inspecting side (巡察办): one round per unit, the cross-unit
 * summary in the genre's figures and its document, and each unit's 整改成效评估.
 */
@Injectable()
export class BatchesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly store: EvidenceStore,
    private readonly exports: ExportPool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(dto: CreateBatchDto, actor: AuthUser): Promise<BatchView> {
    const unitIds = [...new Set(dto.unitIds)];
    return writeTransaction(this.dataSource, async (em) => {
      const units = await em.getRepository(UnitEntity).findBy({ id: In(unitIds) });
      const unknown = unitIds.filter(
        (id) => !units.some((u) => u.id === id) || !seesUnit(actor, id),
      );
      if (unknown.length > 0)
        throw new BadRequestException([`unitIds names unknown units: ${unknown.join(', ')}`]);
      const row: BatchEntity = {
        id: randomUUID(),
        title: dto.title.trim(),
        unitIds,
        createdBy: actor.userId,
        createdAt: new Date().toISOString(),
      };
      await em.getRepository(BatchEntity).insert(row);
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'batch.created',
        entityType: 'batch',
        entityId: row.id,
        unitId: null,
        data: { title: row.title, unitIds },
      });
      return batchView(row);
    });
  }

  /** Batches covering a unit the caller sees (a unit's people: batches of their unit). */
  async list(actor: AuthUser, page: number, pageSize: number): Promise<Page<BatchView>> {
    const rows = await this.dataSource
      .getRepository(BatchEntity)
      .find({ order: { createdAt: 'DESC' } });
    const visible = rows.filter((b) => b.unitIds.some((u) => seesUnit(actor, u)));
    return {
      items: visible.slice((page - 1) * pageSize, page * pageSize).map(batchView),
      total: visible.length,
    };
  }

  async get(id: string, actor: AuthUser): Promise<BatchView> {
    return batchView(await this.mustSee(id, actor));
  }

  private async mustSee(id: string, actor: AuthUser): Promise<BatchEntity> {
    const batch = await this.dataSource.getRepository(BatchEntity).findOneBy({ id });
    if (!batch || !batch.unitIds.some((u) => seesUnit(actor, u)))
      throw new NotFoundException(`batch ${id} does not exist`);
    return batch;
  }

  /**
   * The batch's figures per unit and in total (counted by the database), with each unit's
   * latest evaluation. A unit's people see their own unit's row only.
   */
  async summary(id: string, actor: AuthUser, now = new Date()): Promise<BatchSummary> {
    const batch = await this.mustSee(id, actor);
    const unitIds = batch.unitIds.filter((u) => seesUnit(actor, u));
    const [units, figures, evaluations] = await Promise.all([
      this.dataSource.getRepository(UnitEntity).findBy({ id: In(unitIds) }),
      batchFigures(this.dataSource, batch.id, now),
      this.dataSource
        .getRepository(UnitEvaluationEntity)
        .find({ where: { batchId: batch.id }, order: { at: 'DESC' } }),
    ]);
    const rows = unitIds
      .map((unitId) => units.find((u) => u.id === unitId))
      .filter((u): u is UnitEntity => !!u)
      .map((u) => {
        const f = figures.find((x) => x.unitId === u.id);
        const evaluation = evaluations.find((e) => e.unitId === u.id);
        return {
          unitId: u.id,
          code: u.code,
          name: u.name,
          ...ZERO,
          overdue: 0,
          escalated: 0,
          ...(f ? { ...f, unitId: u.id } : {}),
          evaluation: evaluation ? evaluationView(evaluation) : null,
        };
      });
    const sum = (
      k: 'findings' | 'completed' | 'inProgress' | 'notCompleted' | 'overdue' | 'escalated',
    ) => rows.reduce((n, r) => n + r[k], 0);
    const findings = sum('findings');
    return {
      batch: batchView(batch),
      asOf: now.toISOString(),
      total: {
        findings,
        completed: sum('completed'),
        inProgress: sum('inProgress'),
        notCompleted: sum('notCompleted'),
        completionRate: findings === 0 ? 0 : sum('completed') / findings,
        overdue: sum('overdue'),
        escalated: sum('escalated'),
      },
      units: rows,
      ratings: this.config.evaluationRatings,
    };
  }

  /** The summary as a document in the genre's layout (巡察整改情况汇总报告). */
  async summaryDocx(id: string, actor: AuthUser): Promise<DownloadFile> {
    // The inspecting side's document: a unit's own people read their row in the summary.
    if (actor.unitId !== null)
      throw new ForbiddenException('the batch summary is the inspecting side’s document');
    const s = await this.summary(id, actor);
    const input = {
      batchTitle: s.batch.title,
      asOf: s.asOf,
      total: s.total,
      units: s.units.map((u) => ({
        ...u,
        evaluation: u.evaluation ? { rating: u.evaluation.rating, note: u.evaluation.note } : null,
      })),
    };
    const title = batchSummaryTitle(s.batch.title);
    await this.audit.record({
      actorId: actor.userId,
      action: 'batch.summary_exported',
      entityType: 'batch',
      entityId: s.batch.id,
      unitId: null,
      data: { format: 'docx', total: s.total },
    });
    return {
      body: await this.exports.build('batchSummary', input),
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      filename: `${title}.docx`,
    };
  }

  /** 整改成效评估: a rating from the configured list, a note and files, audited. */
  async evaluate(
    id: string,
    dto: CreateEvaluationDto,
    files: { originalname: string; buffer: Buffer; size: number }[],
    actor: AuthUser,
  ): Promise<UnitEvaluationView> {
    const batch = await this.mustSee(id, actor);
    if (!batch.unitIds.includes(dto.unitId))
      throw new BadRequestException(['unitId: the batch does not cover this unit']);
    mustSeeUnit(actor, dto.unitId, `unit ${dto.unitId}`);
    if (!this.config.evaluationRatings.includes(dto.rating)) {
      throw new BadRequestException([
        `rating must be one of ${this.config.evaluationRatings.join(', ')}`,
      ]);
    }
    const stored: UnitEvaluationEntity['files'] = [];
    for (const file of files) {
      const name = decodeUploadName(file.originalname);
      const verdict = checkEvidenceType(file.buffer, name);
      if (!verdict.ok)
        throw fieldError('files', verdict.code, `files: ${name}: ${verdict.message}`);
      const { type } = verdict;
      stored.push({
        filename: sanitiseFilename(name, type),
        sha256: await this.store.put(file.buffer),
        size: file.size,
        mimeType: type.mime,
      });
    }
    return writeTransaction(this.dataSource, async (em) => {
      const row: UnitEvaluationEntity = {
        id: randomUUID(),
        batchId: batch.id,
        unitId: dto.unitId,
        rating: dto.rating,
        note: dto.note.trim(),
        files: stored,
        evaluatedBy: actor.userId,
        at: new Date().toISOString(),
      };
      await em.getRepository(UnitEvaluationEntity).insert(row);
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'unit.evaluated',
        entityType: 'unit_evaluation',
        entityId: row.id,
        unitId: dto.unitId,
        data: { batchId: batch.id, rating: row.rating, files: stored.map((f) => f.sha256) },
      });
      return evaluationView(row);
    });
  }

  async evaluations(id: string, actor: AuthUser): Promise<UnitEvaluationView[]> {
    const batch = await this.mustSee(id, actor);
    const rows = await this.dataSource
      .getRepository(UnitEvaluationEntity)
      .find({ where: { batchId: batch.id }, order: { at: 'DESC' } });
    return rows.filter((e) => seesUnit(actor, e.unitId)).map(evaluationView);
  }

  /** A file of an evaluation the caller may see. */
  async evaluationFile(
    id: string,
    evaluationId: string,
    sha256: string,
    actor: AuthUser,
  ): Promise<DownloadFile> {
    const evaluation = (await this.evaluations(id, actor)).find((e) => e.id === evaluationId);
    const file = evaluation?.files.find((f) => f.sha256 === sha256);
    if (!file) throw new NotFoundException('the file does not exist');
    return {
      body: await this.store.read(file.sha256),
      contentType: file.mimeType,
      filename: file.filename,
    };
  }
}
