export {
  applyClaim,
  applyCompletion,
  applyRelease,
  initialState,
  validateClaim,
  validateCompletion,
  validateRelease,
} from './finding-machine';
export {
  applyDueDateChange,
  applyReassign,
  applyRetitle,
  applyReturnAssignment,
  applyWithdraw,
  validateDueDateChange,
  validateReassign,
  validateRetitle,
  validateReturnAssignment,
  validateWithdraw,
} from './finding-changes';
export { applyTimerEvent, dueTimerEvent, nextTimerEvent, type TimerEvent } from './timers';
export { nextStageReportDue } from './task-kinds/stage-report';
export { TASK_KIND_SPECS, specOf, type TaskKindSpecs } from './task-kinds';
export type { TaskKindSpec, Step, StepOutcome, OpenTask, OpenTaskOptions } from './task-kind-spec';
export type { MachineContext, Verdict } from './machine-context';
export { searchValuesOf } from './search-values';
export { stateFromRecord, type RecordedFinding } from './recorded-state';
export { applyIssueSupervisionOrder } from './finding-changes';
export {
  applyNudge,
  validateIssueSupervisionOrder,
  validateNudge,
} from './task-kinds/supervision-order';
export { applyLookBackNow } from './finding-changes';
export { validateStartLookBack } from './task-kinds/look-back';
