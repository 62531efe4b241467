import type { Actor } from './actor';
import type { Role, Stage } from './vocabulary';

/** Who issues a supervision order (督办单) or a nudge (催办), and who accepts an order. */
export const SUPERVISION_ORDER_ROLES: readonly Role[] = ['supervisor', 'office'];

export interface OrderableFinding {
  stage: Stage;
  withdrawn?: boolean;
}

export type SupervisionVerdict =
  { ok: true } | { ok: false; reason: 'forbidden' | 'conflict'; message: string };

/**
 * 督办单 and 催办: the supervisor or the office, on a finding that still runs (neither closed nor
 * withdrawn). The one rule, applied by the API and the workflow alike; which departments may
 * receive one (an active department of the finding's unit) the API checks against the database.
 */
export function checkSupervisionAction(
  actor: Pick<Actor, 'roles'>,
  f: OrderableFinding,
): SupervisionVerdict {
  if (!actor.roles.some((r) => SUPERVISION_ORDER_ROLES.includes(r)))
    return {
      ok: false,
      reason: 'forbidden',
      message: 'only the supervisor or the office issues supervision orders and nudges',
    };
  if (f.withdrawn) return { ok: false, reason: 'conflict', message: 'the finding was withdrawn' };
  if (f.stage === 'closed')
    return { ok: false, reason: 'conflict', message: 'the finding is closed' };
  return { ok: true };
}
