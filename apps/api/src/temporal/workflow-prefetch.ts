import { Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { findingWorkflowId, prefetchQuery } from '@rectiflow/contracts';
import { withinDeadline } from './temporal-calls';

/** What one call did; the request that caused it never waits for it. */
export type PrefetchOutcome = 'sent' | 'recent' | 'busy' | 'failed';

/** Findings asked about once stay "recent" this long: a page reloaded asks nothing more. */
export const PREFETCH_REPEAT_MS = 60_000;
/** Prefetches under way at once, beyond which new ones are dropped (steps never wait on them). */
export const PREFETCH_MAX_IN_FLIGHT = 8;
/** A prefetch that has no answer by then is given up (a worker down, Temporal unreachable). */
const PREFETCH_DEADLINE_MS = 5_000;

/**
 * Loads a finding's workflow into a worker while someone reads the finding, before they take
 * their step. A worker keeps only WORKFLOW_CACHE_SIZE findings in memory; a step on any other
 * first replays the finding's history, which cost about 15 ms of the 60 a step took on the
 * bench's machine (BENCH.md, "Prefetch"). Findings are worked on days apart, so in real use
 * most steps were such replays. Opening a finding is asked here as a no-op query
 * (`prefetchQuery`), which makes the worker replay it then, during the seconds the person
 * spends on the form, so the step finds it in memory.
 *
 * Best effort and bounded: fire and forget (an error is logged at debug level, never answered),
 * once per finding per PREFETCH_REPEAT_MS, at most PREFETCH_MAX_IN_FLIGHT at once, each given
 * up after 5 s. A query writes nothing to the finding's history.
 */
@Injectable()
export class WorkflowPrefetch {
  private readonly log = new Logger(WorkflowPrefetch.name);
  private inFlight = 0;
  /** Finding id → when it was last asked, oldest first. */
  private readonly recent = new Map<string, number>();

  constructor(private readonly client: Client) {}

  async prefetch(findingId: string): Promise<PrefetchOutcome> {
    const now = Date.now();
    this.forgetBefore(now - PREFETCH_REPEAT_MS);
    if (this.recent.has(findingId)) return 'recent';
    if (this.inFlight >= PREFETCH_MAX_IN_FLIGHT) return 'busy';
    this.recent.set(findingId, now);
    this.inFlight += 1;
    try {
      // Bounded as a step is (raced and aborted), with a deadline of its own.
      await withinDeadline(this.client, PREFETCH_DEADLINE_MS, () =>
        this.client.workflow.getHandle(findingWorkflowId(findingId)).query(prefetchQuery),
      );
      return 'sent';
    } catch (err) {
      // Not running yet (its start still in the outbox), closed, a worker on older code, or
      // Temporal away: the step will load it, or say what is wrong, itself.
      this.log.debug(`prefetch of finding ${findingId}: ${(err as Error).message}`);
      return 'failed';
    } finally {
      this.inFlight -= 1;
    }
  }

  private forgetBefore(cutoff: number): void {
    for (const [id, at] of this.recent) {
      if (at >= cutoff) break;
      this.recent.delete(id);
    }
  }
}
