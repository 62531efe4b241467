import { randomUUID } from 'node:crypto';
import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource, In, type EntityManager } from 'typeorm';
import { findingWorkflowId, type AssignInput, type NewFinding } from '@rectiflow/contracts';
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
  isSqlite,
  writeTransaction,
  type PublicationBlock,
} from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
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
  /** What the audit event says about the source ("text", "json", "xlsx"). */
  source: string;
}

/** How many finding workflows an import starts at once. */
const START_CONCURRENCY = 32;

/** What one creating transaction wrote, so that a failed start can take it back. */
interface Written {
  findings: NewFinding[];
  areaIds: string[];
  themeIds: string[];
  previousSeq: number;
  seq: number;
  previousPublication: PublicationBlock | null;
  publicationChanged: boolean;
}

/**
 * The one way findings come into being (single creation and imports): numbers them and files
 * them under their area and theme in one transaction, then starts one workflow each and answers
 * when every first task is in the read model.
 *
 * Workflows cannot join a database transaction, so "all or nothing" is kept by compensation: if
 * any workflow fails to start, no further ones are started, every one that may have started is
 * terminated, and the read-model rows they and the transaction wrote are deleted again. The
 * audit chain is append-only, so it keeps the events and records the rollback.
 */
@Injectable()
export class FindingCreationService {
  private readonly logger = new Logger(FindingCreationService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly workflows: FindingWorkflowClient,
    private readonly temporal: Client,
    private readonly audit: AuditService,
  ) {}

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
          const finding = w.findings[run.next++];
          try {
            await this.workflows.start(finding);
          } catch (error) {
            if (!run.failed) run.error = error;
            run.failed = true;
          }
        }
      },
    );
    await Promise.all(lanes);
    if (!run.failed) return;
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

  private async rollBack(
    roundId: string,
    w: Written,
    attempted: NewFinding[],
    actorId: string,
    cause: unknown,
  ): Promise<void> {
    await runBounded(attempted, START_CONCURRENCY, async (f) => {
      try {
        await this.temporal.workflow
          .getHandle(findingWorkflowId(f.id))
          .terminate('the import that created it failed');
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    });
    const ids = w.findings.map((f) => f.id);
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
        ]) {
          await em.getRepository(entity).delete({ findingId: In(batch) });
        }
        await em.getRepository(FindingEntity).delete({ id: In(batch) });
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
