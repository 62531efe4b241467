import type { Decision, EscalationAction, LookBackOutcome } from '@rectiflow/domain';

/** Bodies of `POST /api/tasks/:id/complete`, one per task kind (API.md). */
export interface AssignInput {
  responsibleLeaderId: string;
  leadDepartmentId: string;
  coDepartmentIds?: string[];
  dueAt: string;
  longTerm?: boolean;
}

export interface MeasureDraft {
  text: string;
  dueAt?: string;
  ownerDepartmentId?: string;
}

export interface DraftMeasuresInput {
  measures: MeasureDraft[];
}

export interface DecisionInput {
  decision: Decision;
  comment?: string;
}

export interface SubmitEvidenceInput {
  report: string;
  evidenceIds: string[];
  measuresDone: string[];
}

export interface StageReportInput {
  report: string;
  evidenceIds?: string[];
  finalStage?: boolean;
}

export interface EscalationInput {
  action: EscalationAction;
  comment: string;
  dueAt?: string;
  leadDepartmentId?: string;
}

export interface LookBackInput {
  outcome: LookBackOutcome;
  comment: string;
}

export interface TaskInputByKind {
  assign: AssignInput;
  draft_measures: DraftMeasuresInput;
  approve_measures: DecisionInput;
  submit_evidence: SubmitEvidenceInput;
  review_1: DecisionInput;
  review_2: DecisionInput;
  review_3: DecisionInput;
  stage_report: StageReportInput;
  escalation: EscalationInput;
  look_back: LookBackInput;
}

export type AnyTaskInput = TaskInputByKind[keyof TaskInputByKind];
