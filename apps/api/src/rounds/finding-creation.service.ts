import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { inChunks } from '@rectiflow/batching';
import { timingWith, type AppConfig } from '@rectiflow/config';
import type { Role, TaskKind, Timing } from '@rectiflow/domain';
import type {
  AssignInput,
  FindingWorkflowInput,
  NewFinding,
  ProjectionBatch,
  PublicationBlock,
  UnitSettings,
} from '@rectiflow/contracts';
import { initialState } from '@rectiflow/finding-machine';
import {
  AreaEntity,
  EscalationEntity,
  FindingEntity,
  LookBackEntity,
  MeasureEntity,
  NotificationEntity,
  ReviewEntity,
  RoundEntity,
  StageReportEntity,
  TaskEntity,
  ThemeEntity,
  UnitEntity,
  applyCreationProjections,
  isSqlite,
  writeTransaction,
} from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG } from '../config/config.module';
import { WorkflowOutbox } from '../temporal/workflow-outbox';
import { RoundOutline } from './round-outline';

export interface FindingSpec {
  title: string;
  areaTitle?: string;
  themeTitle?: string;
  measures?: string[];
  leadDepartmentId?: string;
  coDepartmentIds?: string[];
  responsibleLeaderId?: string;
  dueAt?: string;
  longTerm?: boolean;
}

/** A finding of an imported tree: placed by its position, so no area or theme titles. */
export type PlacedFindingSpec = Omit<FindingSpec, 'areaTitle' | 'themeTitle'>;

/** An imported document, validated and resolved to ids: areas and themes in document order. */
export interface ImportPlan {
  areas: { title: string; themes: { title: string; findings: PlacedFindingSpec[] }[] }[];
  /** Stored on the round when given (the document's public-comment block). */
  publication: PublicationBlock | null;
  /** What the audit event says about the source ("text", "json", "xlsx", "docx", "pdf"). */
  source: string;
  /** More for the import's audit event (the document, the office's corrections). */
  auditDetail?: Record<string, unknown>;
  /**
   * Rows of the import that belong beside its findings (the long-term section's text), written
   * in the creating transaction; given the new findings' ids in plan order. They must go with
   * their findings (a foreign key), so a rollback needs no step of its own for them.
   */
  writeAlongside?: (em: EntityManager, findingIds: string[]) => Promise<void>;
}

/** What one creating transaction wrote, so that a failed start can take it back. */
interface Written {
  unitId: string;
  /** The round's unit's durations and who acts where it differs (UnitSettings). */
  profile: UnitProfile;
  findings: NewFinding[];
  /** Each finding's workflow input (its first state), in the order of `findings`. */
  inputs: FindingWorkflowInput[];
  areaIds: string[];
  themeIds: string[];
  previousSeq: number;
  seq: number;
  previousPublication: PublicationBlock | null;
  publicationChanged: boolean;
}

/**
 * The one way findings come into being (one added by hand, or a whole imported round).
 *
 * Do: (1) in one transaction, number the findings, file them under their areas and themes
 * (RoundOutline), write each one's first state — computed by the workflow's own pure machine,
 * `initialState` — to the read model, and queue a `start` row per workflow in the outbox;
 * (2) start one workflow each, carrying that state; (3) forget the outbox rows. Every first
 * task is in the read model when this answers. (A workflow that wrote its own first projection
 * would cost the Temporal server three times the work per finding: BENCH.md, "import".)
 *
 * Undo, when a start fails (workflows cannot join a database transaction): no further start
 * begins; in one transaction the rows (1) wrote are deleted, the round's numbering and
 * publication restored, and the workflows that may have started are queued for termination;
 * then they are terminated (by the outbox sweep if Temporal is unreachable). The audit chain
 * is append-only: it keeps the creation and records the rollback.
 */
@Injectable()
export class FindingCreationService {
  private readonly logger = new Logger(FindingCreationService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: WorkflowOutbox,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Findings added by hand, filed by the area and theme titles they name. */
  async create(roundId: string, specs: FindingSpec[], actorId: string): Promise<string[]> {
    return this.createFindings(roundId, actorId, async (em, w, outline) => {
      for (const spec of specs) {
        let area: AreaEntity | null = null;
        let theme: ThemeEntity | null = null;
        if (spec.areaTitle?.trim() || spec.themeTitle?.trim()) {
          const placed = await outline.area(spec.areaTitle ?? '');
          area = placed.area;
          if (spec.themeTitle?.trim()) theme = await placed.theme(spec.themeTitle);
        }
        w.findings.push(this.newFinding(w.profile, roundId, ++w.seq, spec, area, theme, actorId));
      }
      return { action: 'round.findings_added', data: {} };
    });
  }

  /**
   * An imported tree, in document order: every area and theme of the document becomes a row in
   * its order, including empty ones (RoundOutline says which existing rows are reused).
   */
  async importTree(roundId: string, plan: ImportPlan, actorId: string): Promise<string[]> {
    return this.createFindings(roundId, actorId, async (em, w, outline) => {
      for (const plannedArea of plan.areas) {
        const placed = await outline.area(plannedArea.title);
        for (const plannedTheme of plannedArea.themes) {
          const theme = await placed.theme(plannedTheme.title);
          for (const spec of plannedTheme.findings) {
            w.findings.push(
              this.newFinding(w.profile, roundId, ++w.seq, spec, placed.area, theme, actorId),
            );
          }
        }
      }
      if (plan.publication) {
        w.publicationChanged = true;
        await em
          .getRepository(RoundEntity)
          .update({ id: roundId }, { publication: plan.publication });
      }
      const alongside = plan.writeAlongside;
      return {
        action: 'round.imported',
        data: {
          source: plan.source,
          areas: plan.areas.length,
          themes: plan.areas.reduce((n, a) => n + a.themes.length, 0),
          publication: plan.publication,
          ...plan.auditDetail,
        },
        alongside:
          alongside &&
          ((tx: EntityManager) =>
            alongside(
              tx,
              w.findings.map((f) => f.id),
            )),
      };
    });
  }

  private async createFindings(
    roundId: string,
    actorId: string,
    fill: (
      em: EntityManager,
      w: Written,
      outline: RoundOutline,
    ) => Promise<{
      action: string;
      data: Record<string, unknown>;
      /** Rows that reference the new findings, written once those exist. */
      alongside?: (em: EntityManager) => Promise<void>;
    }>,
  ): Promise<string[]> {
    // Do (1): the read model and the outbox, in one transaction.
    const written = await writeTransaction(this.dataSource, async (em) => {
      const round = await this.lockRound(em, roundId);
      const unit = await em.getRepository(UnitEntity).findOneBy({ id: round.unitId });
      const w = emptyWritten(round, unitProfile(this.config.timing, unit?.settings ?? null));
      const outline = await RoundOutline.load(em, roundId);
      const audited = await fill(em, w, outline);
      w.areaIds = outline.newAreaIds;
      w.themeIds = outline.newThemeIds;
      await this.writeFirstStates(em, w);
      await audited.alongside?.(em);
      await em.getRepository(RoundEntity).update({ id: roundId }, { findingSeq: w.seq });
      await this.audit.recordIn(em, {
        actorId,
        action: audited.action,
        entityType: 'round',
        entityId: roundId,
        unitId: round.unitId,
        data: {
          ...audited.data,
          count: w.findings.length,
          findingIds: w.findings.map((f) => f.id),
        },
      });
      return w;
    });
    // Do (2) and (3): start the workflows, forget their rows.
    const starts = written.findings.map((f, i) => ({ findingId: f.id, input: written.inputs[i] }));
    const run = await this.outbox.startAll(starts);
    if ('error' in run) {
      // Undo: everything (1) wrote, and every workflow (2) may have started.
      const attempted = written.findings.slice(0, run.attempted).map((f) => f.id);
      try {
        await this.rollBack(roundId, written, attempted, actorId, run.error);
      } catch (rollbackError) {
        // The original failure is what the caller must see; the leftovers are in the log.
        this.logger.error(
          `rolling back the creation of ${attempted.length} findings in round ${roundId} failed: ${String(rollbackError)}`,
        );
      }
      throw run.error;
    }
    return written.findings.map((f) => f.id);
  }

  /**
   * The round, locked for the rest of the transaction on PostgreSQL, so two creations at once
   * cannot read the same findingSeq and hand out one code twice (SQLite's writeTransaction
   * already runs one writer at a time).
   */
  private async lockRound(em: EntityManager, roundId: string): Promise<RoundEntity> {
    const round = await em.getRepository(RoundEntity).findOne({
      where: { id: roundId },
      ...(isSqlite(this.dataSource) ? {} : { lock: { mode: 'pessimistic_write' as const } }),
    });
    if (!round) throw new NotFoundException(`round ${roundId} does not exist`);
    return round;
  }

  private newFinding(
    profile: UnitProfile,
    roundId: string,
    seq: number,
    spec: PlacedFindingSpec,
    area: AreaEntity | null,
    theme: ThemeEntity | null,
    actorId: string,
  ): NewFinding {
    return {
      id: randomUUID(),
      roundId,
      areaId: area?.id ?? null,
      themeId: theme?.id ?? null,
      code: String(seq).padStart(3, '0'),
      seq,
      title: spec.title.trim(),
      areaTitle: area?.title ?? null,
      themeTitle: theme?.title ?? null,
      measures: (spec.measures ?? []).map((m) => m.trim()).filter((m) => m.length > 0),
      assignment: assignmentOf(spec),
      longTerm: spec.longTerm ?? false,
      createdBy: actorId,
      ...(profile.roleOverrides ? { roleOverrides: profile.roleOverrides } : {}),
    };
  }

  /**
   * Each finding's first state, from the workflow's own machine, projected into the read model
   * (finding, measures, first task, notices, audit events) and queued in the outbox.
   */
  private async writeFirstStates(em: EntityManager, w: Written): Promise<void> {
    const timing = w.profile.timing;
    const createdAt = new Date().toISOString();
    const batches: ProjectionBatch[] = [];
    for (const finding of w.findings) {
      const first = initialState(finding, createdAt, {
        nowMs: Date.parse(createdAt),
        newId: randomUUID,
        timing,
        // A new workflow runs with every patch: its co-departments get their contribute tasks.
        features: { contributeTasks: () => true },
      });
      w.inputs.push({ kind: 'created', state: first.state, timing, noticeIds: [] });
      batches.push({ findingId: finding.id, ops: first.ops });
    }
    const notices = await applyCreationProjections(em, batches);
    // E-mail copies of the first notices ("新的整改任务") go out only where a mailer is set;
    // the API and the worker read the same SMTP_URL.
    if (this.config.env.SMTP_URL) {
      const byFinding = new Map<string, Set<string>>();
      for (const n of notices) {
        if (!n.findingId) continue;
        const ids = byFinding.get(n.findingId) ?? new Set<string>();
        byFinding.set(n.findingId, ids.add(n.noticeId));
      }
      w.findings.forEach((f, i) => {
        const input = w.inputs[i];
        if (input.kind === 'created') input.noticeIds = [...(byFinding.get(f.id) ?? [])];
      });
    }
    await this.outbox.queueStarts(
      em,
      w.findings.map((f, i) => ({ findingId: f.id, input: w.inputs[i] })),
      createdAt,
    );
  }

  /**
   * Deletes what the creating transaction wrote and queues the termination of every workflow
   * that may have started, in one transaction; then terminates them. If Temporal cannot be
   * reached for that, the `terminate` rows stay for the sweep. (Rows first, then workflows: a
   * freshly started finding workflow writes nothing to the read model by itself until a
   * deadline days away, so none can bring a deleted row back meanwhile.)
   */
  private async rollBack(
    roundId: string,
    w: Written,
    attempted: string[],
    actorId: string,
    cause: unknown,
  ): Promise<void> {
    const ids = w.findings.map((f) => f.id);
    const now = new Date().toISOString();
    await writeTransaction(this.dataSource, async (em) => {
      for (const batch of inChunks(ids, 500)) {
        for (const entity of [
          TaskEntity,
          MeasureEntity,
          ReviewEntity,
          EscalationEntity,
          StageReportEntity,
          LookBackEntity,
          NotificationEntity,
        ]) {
          await em.getRepository(entity).delete({ findingId: In(batch) });
        }
        await em.getRepository(FindingEntity).delete({ id: In(batch) });
      }
      await this.outbox.queueTerminations(em, ids, attempted, now);
      if (w.themeIds.length > 0) await em.getRepository(ThemeEntity).delete({ id: In(w.themeIds) });
      if (w.areaIds.length > 0) await em.getRepository(AreaEntity).delete({ id: In(w.areaIds) });
      const round = await em.getRepository(RoundEntity).findOneBy({ id: roundId });
      if (round) {
        // Only undo what is still ours: a concurrent creation may have numbered after us.
        const patch: Partial<RoundEntity> = {};
        if (round.findingSeq === w.seq) patch.findingSeq = w.previousSeq;
        if (w.publicationChanged) patch.publication = w.previousPublication;
        if (Object.keys(patch).length > 0)
          await em.getRepository(RoundEntity).update({ id: roundId }, patch);
      }
      await this.audit.recordIn(em, {
        actorId,
        action: 'round.findings_rolled_back',
        entityType: 'round',
        entityId: roundId,
        unitId: w.unitId,
        data: {
          findingIds: ids,
          started: attempted.length,
          reason: cause instanceof Error ? cause.message : String(cause),
        },
      });
    });
    try {
      await this.outbox.terminateAll(attempted);
    } catch (err) {
      this.logger.warn(
        `terminating the workflows of ${attempted.length} rolled-back findings failed; the outbox sweep retries: ${String(err)}`,
      );
    }
  }
}

/** A unit's own durations and level-3 actor, over the deployment's defaults. */
export interface UnitProfile {
  timing: Timing;
  roleOverrides?: Partial<Record<TaskKind, Role[]>>;
}

export function unitProfile(defaults: Timing, settings: UnitSettings | null): UnitProfile {
  const timing = timingWith(defaults, settings?.timing);
  const review3 = settings?.review3By;
  if (!review3 || review3 === 'either') return { timing };
  return { timing, roleOverrides: { review_3: [review3] } };
}

function emptyWritten(round: RoundEntity, profile: UnitProfile): Written {
  return {
    unitId: round.unitId,
    profile,
    findings: [],
    inputs: [],
    areaIds: [],
    themeIds: [],
    previousSeq: round.findingSeq,
    seq: round.findingSeq,
    previousPublication: round.publication,
    publicationChanged: false,
  };
}

function assignmentOf(spec: PlacedFindingSpec): AssignInput | null {
  if (!spec.responsibleLeaderId || !spec.leadDepartmentId || !spec.dueAt) return null;
  return {
    responsibleLeaderId: spec.responsibleLeaderId,
    leadDepartmentId: spec.leadDepartmentId,
    coDepartmentIds: spec.coDepartmentIds ?? [],
    dueAt: spec.dueAt,
    longTerm: spec.longTerm ?? false,
  };
}
