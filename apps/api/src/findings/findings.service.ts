import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Brackets, DataSource, In, IsNull, type SelectQueryBuilder } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import type { Actor, Role } from '@rectiflow/domain';
import type {
  ContributionView,
  EvidenceView,
  FindingDetail,
  FindingSummary,
  Page,
} from '@rectiflow/contracts';
import {
  AuditEventEntity,
  ContributionEntity,
  SupervisionOrderEntity,
  EscalationEntity,
  EvidenceEntity,
  FindingEntity,
  LookBackEntity,
  MeasureEntity,
  ReviewEntity,
  StageReportEntity,
  TaskDraftEntity,
  TaskEntity,
} from '@rectiflow/persistence';
import type { AuthUser } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import { mustSeeUnit, scopeToUnits } from '../units/unit-scope';
import { likePattern } from '../http/input-hygiene';
import { findingSummary, taskView } from './finding-views';
import type { FindingQueryDto } from './dto/finding-query.dto';
import {
  escalatedCondition,
  lightConditions,
  lightParameters,
  overdueCondition,
} from './light-sql';

const ORGANISATION_WIDE: readonly Role[] = [
  'office',
  'committee',
  'leader',
  'supervisor',
  'inspector',
  'inspection_office',
];

/** Department staff see only findings their department leads or co-operates on. */
export function seesAllFindings(actor: Actor): boolean {
  return actor.roles.some((r) => ORGANISATION_WIDE.includes(r));
}

export function evidenceView(e: EvidenceEntity): EvidenceView {
  return {
    id: e.id,
    findingId: e.findingId,
    measureId: e.measureId,
    kind: e.kind,
    filename: e.filename,
    mimeType: e.mimeType,
    size: e.size,
    sha256: e.sha256,
    uploadedBy: e.uploadedBy,
    uploadedAt: e.uploadedAt,
    submitted: e.submittedTaskId !== null,
  };
}

/** Reads findings from the read model (never from the workflows). */
@Injectable()
export class FindingsService {
  constructor(
    private readonly dataSource: DataSource,
    // Only the durations: an export thread builds one from those (exports/read-model-tasks.ts).
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'timing'>,
  ) {}

  private get warnMs() {
    return this.config.timing.warnBeforeMs;
  }

  /**
   * Limits a findings query to what the actor may see: findings of their unit (the inspecting
   * side: of the units they follow, or `unitId` among them), and within a unit, department
   * staff only what their department leads or co-operates on.
   */
  scope(
    qb: SelectQueryBuilder<FindingEntity>,
    actor: AuthUser,
    alias = 'f',
    unitId?: string,
  ): SelectQueryBuilder<FindingEntity> {
    scopeToUnits(qb, actor, `${alias}.unitId`, unitId);
    if (seesAllFindings(actor)) return qb;
    const dept = actor.departmentId ?? '-';
    return qb.andWhere(
      new Brackets((w) =>
        w
          .where(`${alias}.leadDepartmentId = :scopeDept`, { scopeDept: dept })
          .orWhere(`${alias}.coDepartmentIds LIKE :scopeCo`, { scopeCo: `%"${dept}"%` })
          .orWhere(
            `EXISTS (SELECT 1 FROM supervision_orders so WHERE so."findingId" = ${alias}.id AND so."departmentId" = :scopeDept)`,
          ),
      ),
    );
  }

  async list(query: FindingQueryDto, actor: AuthUser): Promise<Page<FindingSummary>> {
    const now = new Date();
    const qb = this.dataSource.getRepository(FindingEntity).createQueryBuilder('f');
    this.scope(qb, actor, 'f', query.unitId);
    if (query.roundId) qb.andWhere('f.roundId = :roundId', { roundId: query.roundId });
    if (query.stage) qb.andWhere('f.stage = :stage', { stage: query.stage });
    if (query.departmentId) qb.andWhere('f.leadDepartmentId = :dept', { dept: query.departmentId });
    // Filters a dashboard figure drills down to use the dashboard's own SQL conditions, so the
    // list's total equals the figure clicked.
    qb.setParameters(lightParameters(now, this.warnMs));
    if (query.overdue === true) qb.andWhere(overdueCondition('f'));
    if (query.overdue === false)
      qb.andWhere('(f.nextDueAt IS NULL OR f.nextDueAt >= :now)', { now: now.toISOString() });
    if (query.light) qb.andWhere(`(${lightConditions('f')[query.light]})`);
    if (query.escalated !== undefined)
      qb.andWhere(query.escalated ? escalatedCondition('f') : `NOT ${escalatedCondition('f')}`);
    if (query.leaderId)
      qb.andWhere('f.responsibleLeaderId = :leaderId', { leaderId: query.leaderId });
    if (query.longTerm !== undefined)
      qb.andWhere('f.longTerm = :longTerm', { longTerm: query.longTerm });
    if (query.open !== undefined)
      qb.andWhere(query.open ? `f.stage <> 'closed'` : `f.stage = 'closed'`);
    if (query.withdrawn !== undefined)
      qb.andWhere('f.withdrawn = :withdrawn', { withdrawn: query.withdrawn });
    // `%` and `_` in the search are literal: escaped, with the escape named (SQLite and PostgreSQL).
    if (query.q)
      qb.andWhere(`(f.title LIKE :q ESCAPE '\\' OR f.code LIKE :q ESCAPE '\\')`, {
        q: likePattern(query.q),
      });
    const [rows, total] = await qb
      .orderBy('f.roundId', 'ASC')
      .addOrderBy('f.seq', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items: rows.map((f) => findingSummary(f, now, this.warnMs)), total };
  }

  private async findInUnit(id: string, actor: AuthUser): Promise<FindingEntity> {
    const finding = await this.dataSource.getRepository(FindingEntity).findOneBy({ id });
    if (!finding) throw new NotFoundException(`finding ${id} does not exist`);
    mustSeeUnit(actor, finding.unitId, `finding ${id}`);
    return finding;
  }

  /** The finding row, or 404; 403 when the actor's department may not see it. */
  async findVisible(id: string, actor: AuthUser): Promise<FindingEntity> {
    const finding = await this.dataSource.getRepository(FindingEntity).findOneBy({ id });
    if (!finding) throw new NotFoundException(`finding ${id} does not exist`);
    mustSeeUnit(actor, finding.unitId, `finding ${id}`);
    if (!seesAllFindings(actor) && !(await this.involves(finding, actor.departmentId))) {
      throw new ForbiddenException('this finding belongs to another department');
    }
    return finding;
  }

  /**
   * Whether a department works on the finding: its lead or a co-department, or a department
   * a supervision order (督办单) on it was issued to.
   */
  async involves(
    f: Pick<FindingEntity, 'id' | 'leadDepartmentId' | 'coDepartmentIds'>,
    departmentId: string | null,
  ): Promise<boolean> {
    if (involvesDepartment(f, departmentId)) return true;
    if (!departmentId) return false;
    return this.dataSource
      .getRepository(SupervisionOrderEntity)
      .existsBy({ findingId: f.id, departmentId });
  }

  /**
   * Everything recorded on the finding. `justReturned`: the caller's department has just
   * handed the assignment back (退回交办), so the finding is no longer its; it is answered the
   * finding as its step left it (within its unit), once.
   */
  async detail(
    id: string,
    actor: AuthUser,
    { justReturned = false }: { justReturned?: boolean } = {},
  ): Promise<FindingDetail> {
    const f = justReturned ? await this.findInUnit(id, actor) : await this.findVisible(id, actor);
    const now = new Date();
    const [
      measures,
      evidence,
      reviews,
      tasks,
      escalations,
      history,
      stageReports,
      lookBacks,
      drafts,
      contributions,
      supervisionOrders,
    ] = await Promise.all([
      this.dataSource
        .getRepository(MeasureEntity)
        .find({ where: { findingId: id, cycle: f.cycle }, order: { seq: 'ASC' } }),
      this.dataSource.getRepository(EvidenceEntity).find({
        where: { findingId: id, withdrawnAt: IsNull() },
        order: { uploadedAt: 'ASC', id: 'ASC' },
      }),
      this.dataSource
        .getRepository(ReviewEntity)
        .find({ where: { findingId: id }, order: { at: 'ASC', id: 'ASC' } }),
      this.dataSource.getRepository(TaskEntity).find({
        where: { findingId: id, status: In(['open', 'claimed']) },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
      this.dataSource
        .getRepository(EscalationEntity)
        .find({ where: { findingId: id }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.dataSource
        .getRepository(AuditEventEntity)
        .find({ where: { findingId: id }, order: { seq: 'ASC' } }),
      this.dataSource
        .getRepository(StageReportEntity)
        .find({ where: { findingId: id }, order: { at: 'ASC', id: 'ASC' } }),
      this.dataSource
        .getRepository(LookBackEntity)
        .find({ where: { findingId: id }, order: { at: 'ASC' } }),
      this.dataSource
        .getRepository(TaskDraftEntity)
        .find({ select: ['taskId'], where: { findingId: id } }),
      contributionsOf(this.dataSource, f),
      this.dataSource
        .getRepository(SupervisionOrderEntity)
        .find({ where: { findingId: id }, order: { issuedAt: 'DESC' } }),
    ]);
    return {
      ...findingSummary(f, now, this.warnMs),
      areaTitle: f.areaTitle,
      themeTitle: f.themeTitle,
      areaId: f.areaId,
      themeId: f.themeId,
      lastReport: f.lastReport,
      createdAt: f.createdAt,
      updatedAt: f.updatedAt,
      measures: measures.map((m) => ({
        id: m.id,
        seq: m.seq,
        text: m.text,
        ownerDepartmentId: m.ownerDepartmentId,
        dueAt: m.dueAt,
        done: m.done,
        cycle: m.cycle,
      })),
      evidence: evidence.map(evidenceView),
      reviews: reviews.map((r) => ({
        level: r.level,
        decision: r.decision,
        comment: r.comment,
        reviewerId: r.reviewerId,
        at: r.at,
        cycle: r.cycle,
      })),
      openTasks: tasks.map((t) => taskView(t, f, now, this.warnMs)),
      draftTaskIds: drafts.map((d) => d.taskId),
      escalations: escalations.map((e) => ({
        id: e.id,
        taskId: e.taskId,
        taskKind: e.taskKind,
        level: e.level,
        status: e.status,
        action: e.action,
        comment: e.comment,
        actorId: e.actorId,
        createdAt: e.createdAt,
        resolvedAt: e.resolvedAt,
      })),
      stageReports: stageReports.map((s) => ({
        seq: s.seq,
        cycle: s.cycle,
        report: s.report,
        evidenceIds: s.evidenceIds,
        finalStage: s.finalStage,
        authorId: s.authorId,
        at: s.at,
      })),
      lookBacks: lookBacks.map((l) => ({
        cycle: l.cycle,
        outcome: l.outcome,
        comment: l.comment,
        actorId: l.actorId,
        at: l.at,
      })),
      contributions,
      supervisionOrders: supervisionOrders.map(({ findingId: _f, ...o }) => o),
      returnedReason: f.stage === 'assign' ? returnedReason(history) : null,
      disclosure: { withheld: f.withheld ?? false, reason: f.withheldReason ?? null },
      history: history.map((h) => ({
        at: h.at,
        actorId: h.actorId,
        action: h.action,
        detail: JSON.parse(h.data) as Record<string, unknown> | null,
      })),
    };
  }
}

/** The reason of the last 退回交办, unless the finding was assigned again since. */
function returnedReason(history: readonly { action: string; data: string }[]): string | null {
  const last = [...history]
    .reverse()
    .find((h) => h.action === 'finding.returned' || h.action === 'finding.assigned');
  if (last?.action !== 'finding.returned') return null;
  const data = JSON.parse(last.data) as { reason?: unknown };
  return typeof data.reason === 'string' ? data.reason : null;
}

/**
 * The co-departments' parts of the cycle (配合整改): each contribute task not cancelled, oldest
 * first and, among those opened together (one step opens them all at the same time), in the
 * order the finding names its co-departments. The time alone left their order to the database's
 * plan, which on PostgreSQL changed when a task was completed.
 */
async function contributionsOf(
  dataSource: DataSource,
  f: Pick<FindingEntity, 'id' | 'cycle' | 'coDepartmentIds'>,
): Promise<ContributionView[]> {
  const [found, reports] = await Promise.all([
    dataSource.getRepository(TaskEntity).find({
      where: {
        findingId: f.id,
        cycle: f.cycle,
        kind: 'contribute',
        status: In(['open', 'claimed', 'done']),
      },
    }),
    dataSource.getRepository(ContributionEntity).findBy({ findingId: f.id, cycle: f.cycle }),
  ]);
  // A department no longer named (reassigned since) after those named.
  const rank = (t: TaskEntity) => {
    const i = f.coDepartmentIds.indexOf(t.departmentId ?? '');
    return i < 0 ? f.coDepartmentIds.length : i;
  };
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const tasks = found.sort(
    (a, b) => order(a.createdAt, b.createdAt) || rank(a) - rank(b) || order(a.id, b.id),
  );
  return tasks.map((t) => {
    const r = reports.find((c) => c.id === t.id);
    return {
      taskId: t.id,
      departmentId: t.departmentId ?? '',
      status: r ? 'done' : 'pending',
      dueAt: t.dueAt,
      text: r?.text ?? null,
      evidenceIds: r?.evidenceIds ?? [],
      authorId: r?.authorId ?? null,
      at: r?.at ?? null,
    };
  });
}

export function involvesDepartment(
  f: Pick<FindingEntity, 'leadDepartmentId' | 'coDepartmentIds'>,
  departmentId: string | null,
): boolean {
  return (
    !!departmentId &&
    (f.leadDepartmentId === departmentId || f.coDepartmentIds.includes(departmentId))
  );
}
