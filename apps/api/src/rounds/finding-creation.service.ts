import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource, In, LessThan, type EntityManager } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import {
  findingWorkflowId,
  type AssignInput,
  type FindingWorkflowInput,
  type NewFinding,
  type ProjectionBatch,
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
  WorkflowOutboxEntity,
  applyCreationProjections,
  isSqlite,
  writeTransaction,
  type PublicationBlock,
} from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG } from '../config/config.module';
import { FindingWorkflowClient } from '../temporal/finding-workflow.client';
import { placeInRound } from './round-structure';

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

/** How many finding workflows an import starts at once. */
const START_CONCURRENCY = 32;

/** Outbox rows older than this are taken to be left behind by an API that stopped mid-way. */
const STALE_START_MS = 2 * 60_000;
/** How often the API looks for such rows (and once at boot). */
const SWEEP_EVERY_MS = 60_000;

/** What one creating transaction wrote, so that a failed start can take it back. */
interface Written {
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
 * The one way findings come into being (single creation and imports): numbers them and files
 * them under their area and theme, and writes each finding's first state (computed by the
 * workflow's own pure machine, `initialState`) to the read model, with an outbox row per
 * workflow to start, all in one transaction. Then it starts one workflow each, carrying that
 * state, and answers: every first task is in the read model by then. (A workflow that wrote its
 * own first projection would cost the Temporal server three times the work per finding, which
 * made big imports slow: BENCH.md, "import".)
 *
 * Workflows cannot join a database transaction, so "all or nothing" is kept by compensation: if
 * any workflow fails to start, no further ones are started, the read-model rows the transaction
 * wrote are deleted again, and every workflow that may have started is terminated. The audit
 * chain is append-only, so it keeps the events and records the rollback. What Temporal has not
 * done yet stays in the outbox (WorkflowOutboxEntity) for a sweep at boot and every minute:
 * starts an API left behind when it stopped between the transaction and the starts, and
 * terminations a rollback could not make while Temporal was unreachable.
 */
@Injectable()
export class FindingCreationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FindingCreationService.name);
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly workflows: FindingWorkflowClient,
    private readonly temporal: Client,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const sweep = () => {
      this.sweeping ??= this.sweepOutbox()
        .then(() => undefined)
        .catch((err: unknown) =>
          this.logger.warn(`carrying out the workflow outbox failed: ${String(err)}`),
        )
        .finally(() => {
          this.sweeping = null;
        });
    };
    sweep();
    this.sweepTimer = setInterval(sweep, SWEEP_EVERY_MS);
    this.sweepTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.sweeping;
  }

  /**
   * Carries out what the outbox still holds: starts the workflows of `start` rows older than
   * `olderThanMs` (an API stopped after committing their findings; younger rows belong to a
   * creation still under way), and terminates those of `terminate` rows (a rollback found
   * Temporal unreachable). Both are harmless to repeat. Answers how many rows it carried out.
   */
  async sweepOutbox(
    olderThanMs = STALE_START_MS,
  ): Promise<{ started: number; terminated: number }> {
    const repo = this.dataSource.getRepository(WorkflowOutboxEntity);
    const cutoff = new Date(Date.now() - olderThanMs).toISOString();
    const starts = await repo.find({
      where: { action: 'start', createdAt: LessThan(cutoff) },
      order: { createdAt: 'ASC' },
      take: 1000,
    });
    if (starts.length > 0) {
      this.logger.warn(`starting ${starts.length} finding workflows an earlier API left unstarted`);
      await runBounded(starts, START_CONCURRENCY, (row) =>
        this.workflows.startCreated(row.findingId, JSON.parse(row.input) as FindingWorkflowInput),
      );
      await this.forget(
        'start',
        starts.map((r) => r.findingId),
      );
    }
    const terminations = await repo.find({
      where: { action: 'terminate' },
      order: { createdAt: 'ASC' },
      take: 1000,
    });
    if (terminations.length > 0) {
      this.logger.warn(`terminating ${terminations.length} workflows of rolled-back findings`);
      await this.terminateAll(terminations.map((r) => r.findingId));
    }
    return { started: starts.length, terminated: terminations.length };
  }

  /** Findings filed by area and theme title (found or created), e.g. one added by hand. */
  async create(roundId: string, specs: FindingSpec[], actorId: string): Promise<string[]> {
    const written = await writeTransaction(this.dataSource, async (em) => {
      const round = await this.lockRound(em, roundId);
      const w = this.emptyWritten(round);
      const knownAreas = await this.areaIds(em, roundId);
      const knownThemes = await this.themeIds(em, roundId);
      for (const spec of specs) {
        const { area, theme } = await placeInRound(em, roundId, spec.areaTitle, spec.themeTitle);
        if (area && !knownAreas.has(area.id)) {
          knownAreas.add(area.id);
          w.areaIds.push(area.id);
        }
        if (theme && !knownThemes.has(theme.id)) {
          knownThemes.add(theme.id);
          w.themeIds.push(theme.id);
        }
        w.findings.push(this.newFinding(roundId, ++w.seq, spec, area, theme, actorId));
      }
      await this.writeFirstStates(em, w);
      await this.finish(em, w, roundId, actorId, 'round.findings_added', {});
      return w;
    });
    await this.startAll(roundId, written, actorId);
    return written.findings.map((f) => f.id);
  }

  /**
   * An imported tree, in document order: every area and theme of the document becomes a row in
   * its order, including empty ones. An area (theme) whose title the round already had before
   * this import is reused once, so importing into a round appends; a title repeated inside the
   * document gets rows of its own, as the document keeps them apart.
   */
  async importTree(roundId: string, plan: ImportPlan, actorId: string): Promise<string[]> {
    const written = await writeTransaction(this.dataSource, async (em) => {
      const round = await this.lockRound(em, roundId);
      const w = this.emptyWritten(round);
      const areaRepo = em.getRepository(AreaEntity);
      const themeRepo = em.getRepository(ThemeEntity);
      const existingAreas = await areaRepo.find({ where: { roundId }, order: { seq: 'ASC' } });
      const reusableAreas = new Map<string, AreaEntity>();
      for (const a of existingAreas) if (!reusableAreas.has(a.title)) reusableAreas.set(a.title, a);
      let areaSeq = existingAreas.reduce((m, a) => Math.max(m, a.seq), 0);

      for (const planned of plan.areas) {
        const title = planned.title.trim();
        let area = reusableAreas.get(title);
        reusableAreas.delete(title);
        if (!area) {
          area = { id: randomUUID(), roundId, seq: ++areaSeq, title };
          await areaRepo.insert(area);
          w.areaIds.push(area.id);
        }
        const existingThemes = w.areaIds.includes(area.id)
          ? []
          : await themeRepo.find({ where: { areaId: area.id }, order: { seq: 'ASC' } });
        const reusableThemes = new Map<string, ThemeEntity>();
        for (const t of existingThemes)
          if (!reusableThemes.has(t.title)) reusableThemes.set(t.title, t);
        let themeSeq = existingThemes.reduce((m, t) => Math.max(m, t.seq), 0);
        for (const plannedTheme of planned.themes) {
          const themeTitle = plannedTheme.title.trim();
          let theme = reusableThemes.get(themeTitle);
          reusableThemes.delete(themeTitle);
          if (!theme) {
            theme = {
              id: randomUUID(),
              roundId,
              areaId: area.id,
              seq: ++themeSeq,
              title: themeTitle,
            };
            await themeRepo.insert(theme);
            w.themeIds.push(theme.id);
          }
          for (const spec of plannedTheme.findings) {
            w.findings.push(this.newFinding(roundId, ++w.seq, spec, area, theme, actorId));
          }
        }
      }
      await this.writeFirstStates(em, w);
      await plan.writeAlongside?.(
        em,
        w.findings.map((f) => f.id),
      );
      if (plan.publication) {
        w.publicationChanged = true;
        await em
          .getRepository(RoundEntity)
          .update({ id: roundId }, { publication: plan.publication });
      }
      await this.finish(em, w, roundId, actorId, 'round.imported', {
        source: plan.source,
        areas: plan.areas.length,
        themes: plan.areas.reduce((n, a) => n + a.themes.length, 0),
        publication: plan.publication,
        ...plan.auditDetail,
      });
      return w;
    });
    await this.startAll(roundId, written, actorId);
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

  private emptyWritten(round: RoundEntity): Written {
    return {
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

  private async areaIds(em: EntityManager, roundId: string): Promise<Set<string>> {
    return new Set(
      (await em.getRepository(AreaEntity).find({ select: ['id'], where: { roundId } })).map(
        (a) => a.id,
      ),
    );
  }

  private async themeIds(em: EntityManager, roundId: string): Promise<Set<string>> {
    return new Set(
      (await em.getRepository(ThemeEntity).find({ select: ['id'], where: { roundId } })).map(
        (t) => t.id,
      ),
    );
  }

  private newFinding(
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
    };
  }

  /**
   * Each finding's first state, from the workflow's own machine, projected into the read model
   * (finding, measures, first task, notices, audit events) and queued in the outbox.
   */
  private async writeFirstStates(em: EntityManager, w: Written): Promise<void> {
    const timing = this.config.timing;
    const createdAt = new Date().toISOString();
    const batches: ProjectionBatch[] = [];
    for (const finding of w.findings) {
      const first = initialState(finding, createdAt, {
        nowMs: Date.parse(createdAt),
        newId: randomUUID,
        timing,
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
    const outbox = w.findings.map((f, i) => ({
      findingId: f.id,
      action: 'start' as const,
      input: JSON.stringify(w.inputs[i]),
      createdAt,
    }));
    for (const batch of chunks(outbox, 200))
      await em.getRepository(WorkflowOutboxEntity).insert(batch);
  }

  /**
   * Outbox rows Temporal has carried out. A failure here only leaves rows that a later sweep
   * carries out again, harmlessly.
   */
  private async forget(action: WorkflowOutboxEntity['action'], findingIds: string[]) {
    try {
      await writeTransaction(this.dataSource, async (em) => {
        for (const batch of chunks(findingIds, 500))
          await em.getRepository(WorkflowOutboxEntity).delete({ action, findingId: In(batch) });
      });
    } catch (err) {
      this.logger.warn(
        `clearing ${findingIds.length} ${action} rows of the outbox failed (a later sweep repeats them harmlessly): ${String(err)}`,
      );
    }
  }

  /** Terminates the workflows of rolled-back findings, then forgets their outbox rows. */
  private async terminateAll(findingIds: string[]): Promise<void> {
    await runBounded(findingIds, START_CONCURRENCY, async (id) => {
      try {
        await this.temporal.workflow
          .getHandle(findingWorkflowId(id))
          .terminate('the creation of its finding was rolled back');
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    });
    await this.forget('terminate', findingIds);
  }

  private async finish(
    em: EntityManager,
    w: Written,
    roundId: string,
    actorId: string,
    action: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    await em.getRepository(RoundEntity).update({ id: roundId }, { findingSeq: w.seq });
    await this.audit.recordIn(em, {
      actorId,
      action,
      entityType: 'round',
      entityId: roundId,
      data: { ...data, count: w.findings.length, findingIds: w.findings.map((f) => f.id) },
    });
  }

  /**
   * Starts the workflows, at most START_CONCURRENCY at a time. After the first failure no new
   * start begins; the ones in flight are awaited, then everything is rolled back.
   */
  private async startAll(roundId: string, w: Written, actorId: string): Promise<void> {
    const run = { next: 0, failed: false, error: undefined as unknown };
    const lanes = Array.from(
      { length: Math.min(START_CONCURRENCY, w.findings.length) },
      async () => {
        while (!run.failed && run.next < w.findings.length) {
          const i = run.next++;
          try {
            await this.workflows.startCreated(w.findings[i].id, w.inputs[i]);
          } catch (error) {
            if (!run.failed) run.error = error;
            run.failed = true;
          }
        }
      },
    );
    await Promise.all(lanes);
    if (!run.failed) {
      await this.forget(
        'start',
        w.findings.map((f) => f.id),
      );
      return;
    }
    const attempted = w.findings.slice(0, run.next);
    try {
      await this.rollBack(roundId, w, attempted, actorId, run.error);
    } catch (rollbackError) {
      // The original failure is what the caller must see; the leftovers are in the log.
      this.logger.error(
        `rolling back the creation of ${attempted.length} findings in round ${roundId} failed: ${String(rollbackError)}`,
      );
    }
    throw run.error;
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
    attempted: NewFinding[],
    actorId: string,
    cause: unknown,
  ): Promise<void> {
    const ids = w.findings.map((f) => f.id);
    const now = new Date().toISOString();
    await writeTransaction(this.dataSource, async (em) => {
      for (const batch of chunks(ids, 500)) {
        for (const entity of [
          TaskEntity,
          MeasureEntity,
          ReviewEntity,
          EscalationEntity,
          StageReportEntity,
          LookBackEntity,
          NotificationEntity,
          WorkflowOutboxEntity,
        ]) {
          await em.getRepository(entity).delete({ findingId: In(batch) });
        }
        await em.getRepository(FindingEntity).delete({ id: In(batch) });
      }
      for (const batch of chunks(attempted, 200)) {
        await em.getRepository(WorkflowOutboxEntity).insert(
          batch.map((f) => ({
            findingId: f.id,
            action: 'terminate' as const,
            input: '',
            createdAt: now,
          })),
        );
      }
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
        data: {
          findingIds: ids,
          started: attempted.length,
          reason: cause instanceof Error ? cause.message : String(cause),
        },
      });
    });
    try {
      await this.terminateAll(attempted.map((f) => f.id));
    } catch (err) {
      this.logger.warn(
        `terminating the workflows of ${attempted.length} rolled-back findings failed; the outbox sweep retries: ${String(err)}`,
      );
    }
  }
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

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `fn` over `items` with at most `limit` in flight; rejects with the first failure. */
export async function runBounded<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  });
  await Promise.all(lanes);
}
