import type { AuthUser } from '../auth/auth.decorators';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { DepartmentEntity, RoundEntity, UnitEntity, UserEntity } from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import { ExportPool } from '../exports/export-pool';
import { FindingsService } from '../findings/findings.service';
import type { DownloadFile } from './reports.service';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * 整改事项销号审批表 of one finding, for whoever may see the finding: what it is, its measures,
 * the evidence the reviewers saw (with SHA-256), the three levels' opinions with who and when.
 * Exporting it is audited like the ledger.
 */
@Injectable()
export class ApprovalFormService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly audit: AuditService,
    private readonly exports: ExportPool,
  ) {}

  async docx(findingId: string, actor: AuthUser): Promise<DownloadFile> {
    const f = await this.findings.detail(findingId, actor);
    const [round, unit] = await Promise.all([
      this.dataSource.getRepository(RoundEntity).findOneByOrFail({ id: f.roundId }),
      this.dataSource.getRepository(UnitEntity).findOneBy({ id: f.unitId }),
    ]);
    const userIds = [
      f.responsibleLeaderId,
      ...f.evidence.map((e) => e.uploadedBy),
      ...f.reviews.map((r) => r.reviewerId),
    ].filter((id): id is string => !!id);
    const departmentIds = [f.leadDepartmentId, ...f.coDepartmentIds].filter(
      (id): id is string => !!id,
    );
    const [users, departments] = await Promise.all([
      userIds.length
        ? this.dataSource
            .getRepository(UserEntity)
            .find({ select: ['id', 'displayName'], where: { id: In([...new Set(userIds)]) } })
        : [],
      departmentIds.length
        ? this.dataSource
            .getRepository(DepartmentEntity)
            .find({ select: ['id', 'name'], where: { id: In(departmentIds) } })
        : [],
    ]);
    const person = (id: string | null) =>
      id ? (users.find((u) => u.id === id)?.displayName ?? '') : '';
    const department = (id: string | null) =>
      id ? (departments.find((d) => d.id === id)?.name ?? '') : '';
    // The reviews of the current cycle: what was decided on the evidence now on file.
    const reviews = f.reviews
      .filter((r) => r.cycle === f.cycle && r.level >= 1 && r.level <= 3)
      .map((r) => ({
        level: r.level as 1 | 2 | 3,
        decision: r.decision,
        comment: r.comment,
        by: person(r.reviewerId),
        at: r.at,
      }));
    const input = {
      roundTitle: round.title,
      unitName: unit?.name ?? null,
      code: f.code,
      title: f.title,
      responsibleLeader: person(f.responsibleLeaderId) || null,
      leadDepartment: department(f.leadDepartmentId) || null,
      coDepartments: f.coDepartmentIds.map(department),
      dueAt: f.dueAt,
      measures: f.measures.map((m) => ({ text: m.text, done: m.done })),
      lastReport: f.lastReport,
      evidence: f.evidence.map((e) => ({
        filename: e.filename,
        sha256: e.sha256,
        uploadedAt: e.uploadedAt,
        uploadedBy: person(e.uploadedBy),
      })),
      reviews,
      closedAt: f.closedAt,
      printedAt: new Date().toISOString(),
    };
    const body = await this.exports.build('approvalForm', input);
    await this.audit.record({
      actorId: actor.userId,
      action: 'finding.approval_form_exported',
      entityType: 'finding',
      entityId: f.id,
      findingId: f.id,
      unitId: f.unitId,
      data: { evidence: f.evidence.length, reviews: reviews.length },
    });
    return { filename: `${f.code}-整改事项销号审批表.docx`, contentType: DOCX, body };
  }
}
