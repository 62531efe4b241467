export interface BoundedRun {
  /** How many items `fn` was started on (all of them, unless a failure stopped the run). */
  started: number;
  /** The first failure, if any. */
  error?: unknown;
}

/**
 * Runs `fn` over `items` in order with at most `limit` calls in flight, and settles once every
 * started call has. After the first failure no further item is started (the calls in flight
 * are still awaited), so the caller knows exactly which items were attempted: the first
 * `started` ones. Never rejects: the failure is in the answer.
 */
export async function runBounded<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<unknown>,
): Promise<BoundedRun> {
  const run: BoundedRun = { started: 0 };
  let failed = false;
  const lanes = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (!failed && run.started < items.length) {
      const i = run.started++;
      try {
        await fn(items[i], i);
      } catch (error) {
        if (!failed) run.error = error;
        failed = true;
      }
    }
  });
  await Promise.all(lanes);
  return run;
}

/** As `runBounded`, rejecting with the first failure once the calls in flight have settled. */
export async function runBoundedOrThrow<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<unknown>,
): Promise<void> {
  const run = await runBounded(items, limit, fn);
  if ('error' in run) throw run.error;
}
