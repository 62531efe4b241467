import type { TaskKind } from './vocabulary';

/** Durations that drive every timer, in milliseconds (API.md "Time"). */
export interface Timing {
  warnBeforeMs: number;
  escalateAfterMs: number;
  escalationIntervalMs: number;
  stepDueMs: number;
  stageReportEveryMs: number;
  lookBackAfterMs: number;
}

/**
 * When a new task is due: `submit_evidence` at the finding's due time, `draft_measures` one
 * step after it opens but never after the finding's due time, a stage report at the end of its
 * period, every other step one `STEP_DUE` after it opens.
 */
export function taskDueAt(
  kind: TaskKind,
  openedAtMs: number,
  findingDueAt: string | null,
  timing: Timing,
): string {
  const findingDue = findingDueAt ? Date.parse(findingDueAt) : null;
  const stepDue = openedAtMs + timing.stepDueMs;
  switch (kind) {
    case 'submit_evidence':
      return new Date(findingDue ?? stepDue).toISOString();
    case 'draft_measures':
      return new Date(findingDue !== null ? Math.min(stepDue, findingDue) : stepDue).toISOString();
    case 'stage_report':
      return new Date(openedAtMs + timing.stageReportEveryMs).toISOString();
    default:
      return new Date(stepDue).toISOString();
  }
}
