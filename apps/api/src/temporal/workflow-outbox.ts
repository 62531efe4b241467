import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource, In, LessThan, type EntityManager } from 'typeorm';
import { inChunks, runBounded, runBoundedOrThrow } from '@rectiflow/batching';
import { findingWorkflowId, type FindingWorkflowInput } from '@rectiflow/contracts';
import { WorkflowOutboxEntity, writeTransaction } from '@rectiflow/persistence';
import { WorkflowStarter } from './workflow-starter';

/** How many finding workflows are started (or terminated) at once. */
export const START_CONCURRENCY = 32;

/** Outbox rows older than this are taken to be left behind by an API that stopped mid-way. */
const STALE_START_MS = 2 * 60_000;
/** How often the API looks for such rows (and once at boot). */
const SWEEP_EVERY_MS = 60_000;

/**
 * The workflow outbox: what a creating transaction promised Temporal about finding workflows.
 * A `start` row is written with its finding (same transaction) and forgotten once the workflow
 * runs; a `terminate` row is written when a failed creation is rolled back and forgotten once
 * the workflow is gone. Rows an API left behind (it stopped, or Temporal was down) are carried
 * out by a sweep at boot and every minute — and a step sent to a finding whose workflow was
 * never started starts it from its row at once (`startPending`).
 */
@Injectable()
export class WorkflowOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkflowOutbox.name);
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly starter: WorkflowStarter,
    private readonly temporal: Client,
  ) {}

  onApplicationBootstrap(): void {
    const sweep = () => {
      this.sweeping ??= this.sweep()
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

  /** Queues the starts of created findings' workflows, inside their creating transaction. */
  async queueStarts(
    em: EntityManager,
    starts: { findingId: string; input: FindingWorkflowInput }[],
    createdAt: string,
  ): Promise<void> {
    const rows = starts.map((s) => ({
      findingId: s.findingId,
      action: 'start' as const,
      input: JSON.stringify(s.input),
      createdAt,
    }));
    for (const batch of inChunks(rows, 200))
      await em.getRepository(WorkflowOutboxEntity).insert(batch);
  }

  /**
   * Replaces findings' rows with `terminate` rows, inside the transaction that rolls their
   * creation back: their workflows (`attempted`) must go, whatever else fails.
   */
  async queueTerminations(
    em: EntityManager,
    findingIds: string[],
    attempted: string[],
    at: string,
  ): Promise<void> {
    for (const batch of inChunks(findingIds, 500))
      await em.getRepository(WorkflowOutboxEntity).delete({ findingId: In(batch) });
    for (const batch of inChunks(attempted, 200)) {
      await em.getRepository(WorkflowOutboxEntity).insert(
        batch.map((findingId) => ({
          findingId,
          action: 'terminate' as const,
          input: '',
          createdAt: at,
        })),
      );
    }
  }

  /**
   * Starts the workflows of created findings, at most START_CONCURRENCY at once. After the
   * first failure no new start begins (the ones in flight are awaited): the answer says how
   * many were attempted, so a rollback knows which workflows may be running. Started rows are
   * forgotten when all of them started.
   */
  async startAll(
    starts: { findingId: string; input: FindingWorkflowInput }[],
  ): Promise<{ attempted: number; error?: unknown }> {
    const run = await runBounded(starts, START_CONCURRENCY, (s) =>
      this.starter.start(s.findingId, s.input),
    );
    if (!('error' in run)) {
      await this.forget(
        'start',
        starts.map((s) => s.findingId),
      );
      return { attempted: run.started };
    }
    return { attempted: run.started, error: run.error };
  }

  /**
   * A step on a finding whose workflow does not run yet (the API that created it stopped
   * before starting it) starts it from its `start` row. Answers whether there was one.
   */
  async startPending(findingId: string): Promise<boolean> {
    const pending = await this.dataSource
      .getRepository(WorkflowOutboxEntity)
      .findOneBy({ findingId, action: 'start' });
    if (!pending) return false;
    await this.starter.start(findingId, JSON.parse(pending.input) as FindingWorkflowInput);
    return true;
  }

  /**
   * Carries out what the outbox still holds: starts the workflows of `start` rows older than
   * `olderThanMs` (an API stopped after committing their findings; younger rows belong to a
   * creation still under way), and terminates those of `terminate` rows (a rollback found
   * Temporal unreachable). Both are harmless to repeat. Answers how many rows it carried out.
   */
  async sweep(olderThanMs = STALE_START_MS): Promise<{ started: number; terminated: number }> {
    const repo = this.dataSource.getRepository(WorkflowOutboxEntity);
    const cutoff = new Date(Date.now() - olderThanMs).toISOString();
    const starts = await repo.find({
      where: { action: 'start', createdAt: LessThan(cutoff) },
      order: { createdAt: 'ASC' },
      take: 1000,
    });
    if (starts.length > 0) {
      this.logger.warn(`starting ${starts.length} finding workflows an earlier API left unstarted`);
      await runBoundedOrThrow(starts, START_CONCURRENCY, (row) =>
        this.starter.start(row.findingId, JSON.parse(row.input) as FindingWorkflowInput),
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

  /** Terminates the workflows of rolled-back findings, then forgets their outbox rows. */
  async terminateAll(findingIds: string[]): Promise<void> {
    await runBoundedOrThrow(findingIds, START_CONCURRENCY, async (id) => {
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

  /**
   * Rows Temporal has carried out. A failure here only leaves rows that a later sweep carries
   * out again, harmlessly.
   */
  private async forget(action: WorkflowOutboxEntity['action'], findingIds: string[]) {
    try {
      await writeTransaction(this.dataSource, async (em) => {
        for (const batch of inChunks(findingIds, 500))
          await em.getRepository(WorkflowOutboxEntity).delete({ action, findingId: In(batch) });
      });
    } catch (err) {
      this.logger.warn(
        `clearing ${findingIds.length} ${action} rows of the outbox failed (a later sweep repeats them harmlessly): ${String(err)}`,
      );
    }
  }
}
