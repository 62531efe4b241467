import { inChunks } from './chunks';
import { runBounded, runBoundedOrThrow } from './bounded';

describe('inChunks', () => {
  it('cuts a list into slices of at most the size, in order', () => {
    expect(inChunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(inChunks([], 3)).toEqual([]);
  });

  it('refuses a size below one', () => {
    expect(() => inChunks([1], 0)).toThrow(RangeError);
  });
});

describe('runBounded', () => {
  /** A call per item that finishes when told, recording how many run at once. */
  function harness() {
    let inFlight = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const fn = async (item: number) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise<void>((r) => release.push(r));
      inFlight -= 1;
      if (item < 0) throw new Error(`item ${item} failed`);
    };
    return { fn, release, most: () => most };
  }

  it('never runs more than the limit at once and visits every item', async () => {
    const h = harness();
    const seen: number[] = [];
    const done = runBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      seen.push(n);
      await h.fn(n);
    });
    // Let lanes pick up work, then release calls one at a time.
    for (let i = 0; i < 7; i++) {
      await new Promise((r) => setImmediate(r));
      h.release.shift()?.();
    }
    while (h.release.length) h.release.shift()?.();
    expect(await done).toEqual({ started: 7 });
    expect(h.most()).toBe(3);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('starts nothing after the first failure and reports which items were attempted', async () => {
    const started: number[] = [];
    const run = await runBounded([1, 2, -3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      await new Promise((r) => setImmediate(r));
      if (n < 0) throw new Error('no');
    });
    expect(run.error).toEqual(new Error('no'));
    expect(run.started).toBe(started.length);
    expect(started.slice(0, 3)).toEqual([1, 2, -3]);
    expect(started).not.toContain(6);
  });

  it('rejects with the first failure in the throwing variant', async () => {
    await expect(
      runBoundedOrThrow([1, -2], 1, async (n) => {
        if (n < 0) throw new Error('second failed');
      }),
    ).rejects.toThrow('second failed');
    await expect(runBoundedOrThrow([], 4, async () => undefined)).resolves.toBeUndefined();
  });
});
