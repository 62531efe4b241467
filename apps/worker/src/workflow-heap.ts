import { setFlagsFromString } from 'node:v8';

/**
 * The workflow thread's V8 heap. The SDK runs every finding workflow in one worker thread, an
 * isolate of its own created by Worker.create, with Node's defaults: an old generation of up to
 * 4 GB and 16 MB semi-spaces. Each workflow the thread starts or replays evaluates the bundle's
 * modules afresh, except those preloaded once for all (apps/worker/src/workflow-bundle.ts): 0.9
 * MB of heap each before zod and the task inputs were preloaded, 0.15 MB then, 0.08 MB since the
 * rest of the domain and contracts are (BENCH.md, "Idle worker memory"). An import of a few
 * thousand findings left hundreds of MB of garbage that V8, far from its limit, did not collect:
 * an idle worker measured 450–690 MiB three minutes after a 2,000-finding import. A limit sized to
 * what the sticky cache can hold keeps the garbage bounded whatever the number of open findings.
 */
export interface WorkflowHeap {
  /** --max-old-space-size of the workflow thread, MiB. */
  oldSpaceMb: number;
  /** --max-semi-space-size, MiB: the young generation's share of the idle footprint. */
  semiSpaceMb: number;
}

/**
 * A cached finding workflow's heap with room for growth, MiB. Sized when a new workflow took 0.9
 * MB on the plain bundle and 1.2 MB on the traced one (OpenTelemetry's modules too); with the
 * preloaded modules they take 0.08 and 0.34 MB (`bench/workflow-cost.cjs`), before any step. Not
 * lowered with them: what a worked finding's state adds has not been measured, and a limit below
 * the cache's live heap stops the worker.
 */
const PER_CACHED_WORKFLOW_MB = 1.5;
const PER_CACHED_TRACED_WORKFLOW_MB = 2;
/** The bundle itself and the SDK's state in the thread (35 MB measured) with room, MiB. */
const THREAD_BASE_MB = 96;
/**
 * Young generation, MiB: with 4 the worker started at 191–195 MiB against 211–226 with Node's 16
 * (every isolate created after the call, the workflow thread's among them).
 */
export const WORKFLOW_SEMI_SPACE_MB = 4;

/**
 * The default old-generation limit for a sticky cache of `cachedWorkflows`: the cache's live
 * heap about 1.7 times over, so a full cache never runs the thread out of memory (the thread
 * dying stops the worker) while garbage cannot pile up far beyond it.
 */
export function defaultWorkflowHeapMb(cachedWorkflows: number, traced = false): number {
  const each = traced ? PER_CACHED_TRACED_WORKFLOW_MB : PER_CACHED_WORKFLOW_MB;
  return Math.ceil(THREAD_BASE_MB + each * cachedWorkflows);
}

/**
 * Sets the V8 limits that isolates created from now on take; call it before Worker.create, which
 * starts the workflow thread. The main thread's own heap (already running) keeps its limits.
 * Process-wide: call it from the worker's entry point only, not from tests sharing a process.
 */
export function sizeWorkflowThreadHeap(heap: WorkflowHeap): void {
  setFlagsFromString(`--max-old-space-size=${heap.oldSpaceMb}`);
  setFlagsFromString(`--max-semi-space-size=${heap.semiSpaceMb}`);
}
