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
 * When a new task falls due (API.md "Time"); each task kind names its rule:
 * - `finding_deadline`: at the finding's due time (the evidence step);
 * - `step_within_deadline`: one `STEP_DUE` after it opens, never after the finding's due time
 *   (drafting the measures);
 * - `stage_period`: at the end of its reporting period (a long-term stage report);
 * - `step`: one `STEP_DUE` after it opens (every other step).
 */
export type DueRule = 'finding_deadline' | 'step_within_deadline' | 'stage_period' | 'step';

export function taskDueAt(
  rule: DueRule,
  openedAtMs: number,
  findingDueAt: string | null,
  timing: Timing,
): string {
  const findingDue = findingDueAt ? Date.parse(findingDueAt) : null;
  const stepDue = openedAtMs + timing.stepDueMs;
  switch (rule) {
    case 'finding_deadline':
      return new Date(findingDue ?? stepDue).toISOString();
    case 'step_within_deadline':
      return new Date(findingDue !== null ? Math.min(stepDue, findingDue) : stepDue).toISOString();
    case 'stage_period':
      return new Date(openedAtMs + timing.stageReportEveryMs).toISOString();
    case 'step':
      return new Date(stepDue).toISOString();
  }
}
