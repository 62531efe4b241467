import type { TaskInputByKind, TaskKind } from '@rectiflow/domain';

// The bodies of `POST /api/tasks/:id/complete` are declared with their kinds in libs/domain
// (task-kinds.ts); every side imports them from here or there alike.
export type {
  AnyTaskInput,
  AssignInput,
  ContributeInput,
  SupervisionOrderInput,
  DecisionInput,
  DraftMeasuresInput,
  EscalationInput,
  LookBackInput,
  MeasureDraft,
  StageReportInput,
  SubmitEvidenceInput,
  TaskInputByKind,
} from '@rectiflow/domain';

/**
 * A task's kind with the body that completes it: a union discriminated by `kind`, so code that
 * switches on the kind (or looks its spec up in a table keyed by kind) gets the body's type
 * without a cast. `TaskCompletion<'assign'>` is one member; `TaskCompletion` all of them.
 */
export type TaskCompletion<K extends TaskKind = TaskKind> = {
  [P in K]: { kind: P; input: TaskInputByKind[P] };
}[K];
