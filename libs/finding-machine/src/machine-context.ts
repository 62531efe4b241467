import type { Timing } from '@rectiflow/domain';
import { FAILURE } from '@rectiflow/contracts';

/** Everything the machine takes from outside: the clock, ids and durations. */
export interface MachineContext {
  nowMs: number;
  newId: () => string;
  timing: Timing;
  /**
   * Behaviour a running workflow takes up only where its history allows (the workflow answers
   * from `patched`, asked only when the behaviour would make a difference); absent = the
   * behaviour before it.
   */
  features?: MachineFeatures;
}

export interface MachineFeatures {
  /** Co-departments get a `contribute` task each at assignment and reassignment. */
  contributeTasks?: () => boolean;
  /**
   * Marks a history that issued a supervision order or a nudge (new Updates: asked only when
   * one arrives, so no older history meets it).
   */
  supervisionOrders?: () => boolean;
  /** Marks a history whose look-back was started early (立即回头看: a new Update). */
  lookBackOnDemand?: () => boolean;
  /**
   * A 督办单 the department lets pass its due time climbs the escalation ladder like a late
   * step. Asked only while an order's task is open with a due time, so only histories with an
   * order meet it; those recorded before it keep the timers they had.
   */
  orderEscalation?: () => boolean;
}

/** A validator's answer; `type` is one of FAILURE, which the API maps to an HTTP status. */
export type Verdict =
  | { ok: true }
  /** `code`: a stable word for the refusal the API passes on (`look_back_open`, …). */
  | { ok: false; type: string; message: string; code?: string };

export const ok: Verdict = { ok: true };
export const fail = (type: string, message: string): Verdict => ({ ok: false, type, message });
export const invalid = (message: string): Verdict => fail(FAILURE.invalid, message);

export const iso = (ms: number): string => new Date(ms).toISOString();
