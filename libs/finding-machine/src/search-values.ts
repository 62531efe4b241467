import { lightFor } from '@rectiflow/domain';
import type { FindingSearchValues, FindingState } from '@rectiflow/contracts';

/**
 * The finding's search attributes now: its round, stage, lead department and leader (ids), and
 * its light — the worst of its open steps, as the read model's finding summary derives it. The
 * workflow refreshes them at each step and timer, so a light that turns red at a due time with
 * no timer then (ESCALATE_AFTER > 0) shows on the next event.
 */
export function searchValuesOf(
  state: FindingState,
  nowMs: number,
  warnBeforeMs: number,
): FindingSearchValues {
  const f = state.finding;
  const open = f.stage !== 'closed' || f.nextDueAt !== null;
  const light = open ? lightFor(f.nextDueAt, new Date(nowMs), warnBeforeMs) : 'green';
  return {
    round: f.roundId,
    stage: f.stage,
    leadDepartment: f.leadDepartmentId,
    leader: f.responsibleLeaderId,
    light,
    overdue: light === 'red',
  };
}
