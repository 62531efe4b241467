import type { Actor } from './actor';
import type { Stage } from './vocabulary';

/** The stages in which the lead department may still hand an assignment back (退回交办). */
export const RETURNABLE_STAGES: readonly Stage[] = ['draft_measures', 'approve_measures'];

export interface ReturnableFinding {
  stage: Stage;
  leadDepartmentId: string | null;
  withdrawn?: boolean;
}

export type ReturnVerdict =
  { ok: true } | { ok: false; reason: 'forbidden' | 'conflict'; message: string };

/**
 * 退回交办: the lead department's clerk or head hands the assignment back to the office before
 * the measures are approved (the one rule, applied by the API and the workflow alike).
 */
export function checkReturnAssignment(actor: Actor, f: ReturnableFinding): ReturnVerdict {
  const departmental = actor.roles.some((r) => r === 'department' || r === 'department_head');
  if (!departmental || !f.leadDepartmentId || actor.departmentId !== f.leadDepartmentId) {
    return {
      ok: false,
      reason: 'forbidden',
      message: 'only the lead department (its clerk or head) may return the assignment',
    };
  }
  if (f.withdrawn) return { ok: false, reason: 'conflict', message: 'the finding was withdrawn' };
  if (!RETURNABLE_STAGES.includes(f.stage)) {
    return {
      ok: false,
      reason: 'conflict',
      message: 'the assignment can be returned only before the measures are approved',
    };
  }
  return { ok: true };
}
