import type { Actor } from './actor';
import type { Role, Stage } from './vocabulary';

/** Who starts a look-back (回头看) before LOOK_BACK_AFTER is up: the roles that do the check. */
export const LOOK_BACK_NOW_ROLES: readonly Role[] = ['supervisor', 'office'];

/** Why a finding's look-back cannot start now; each is the `code` of the 409. */
export type LookBackRefusal =
  'finding_not_closed' | 'finding_withdrawn' | 'look_back_open' | 'look_back_done';

/** What the rule reads of a finding (from the workflow's state or from the read model). */
export interface LookBackFacts {
  stage: Stage;
  withdrawn?: boolean;
  /** A look_back task of the current cycle is open or claimed. */
  lookBackOpen: boolean;
  /** The current cycle's look-back is done (or the finding waits for none). */
  lookBackDone: boolean;
}

export type LookBackVerdict =
  | { ok: true }
  | { ok: false; reason: 'forbidden' }
  | { ok: false; reason: LookBackRefusal; message: string };

const MESSAGES: Record<LookBackRefusal, string> = {
  finding_not_closed:
    '问题尚未销号，不能回头看 / the finding is not closed yet (long-term items run until their last report is accepted)',
  finding_withdrawn: '问题已撤回，不回头看 / the finding was withdrawn: no look-back follows',
  look_back_open: '回头看已在进行中 / the look-back of this finding is already open',
  look_back_done: '该问题本轮已回头看 / this finding was already looked back at',
};

/**
 * 立即回头看: the supervisor or the office starts the look-back of a closed finding that is
 * still waiting for it. The one rule, applied by the API (on the read model) and the workflow
 * (on its state) alike.
 */
export function checkLookBackNow(actor: Pick<Actor, 'roles'>, f: LookBackFacts): LookBackVerdict {
  if (!actor.roles.some((r) => LOOK_BACK_NOW_ROLES.includes(r)))
    return { ok: false, reason: 'forbidden' };
  const refuse = (reason: LookBackRefusal): LookBackVerdict => ({
    ok: false,
    reason,
    message: MESSAGES[reason],
  });
  if (f.withdrawn) return refuse('finding_withdrawn');
  if (f.lookBackOpen) return refuse('look_back_open');
  if (f.stage !== 'closed') return refuse('finding_not_closed');
  if (f.lookBackDone) return refuse('look_back_done');
  return { ok: true };
}

/** The largest seed a sample takes (the PRNG's state is 32 bits). */
export const MAX_SAMPLE_SEED = 0xffff_ffff;

/** mulberry32: a small, well-mixed 32-bit PRNG; the same seed gives the same sequence anywhere. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 抽查: `count` of `ids` drawn without replacement by a PRNG seeded with `seed`. The ids are put
 * in code-point order first, so the same seed over the same set gives the same sample whatever
 * order the set was read in; the sample comes back in the order drawn.
 */
export function seededSample(ids: readonly string[], count: number, seed: number): string[] {
  if (!Number.isInteger(count) || count < 0 || count > ids.length)
    throw new RangeError(`count must be an integer from 0 to ${ids.length}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SAMPLE_SEED)
    throw new RangeError(`seed must be an integer from 0 to ${MAX_SAMPLE_SEED}`);
  const pool = [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const next = mulberry32(seed);
  // A partial Fisher–Yates shuffle: the first `count` places are the sample.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}
