import type { TaskKind } from '@rectiflow/domain';
import type { ComponentType } from 'react';
import { AssignForm } from './assign-form';
import { ContributeForm } from './contribute-form';
import { DecisionForm } from './decision-form';
import { EscalationForm } from './escalation-form';
import { EvidenceForm } from './evidence-form';
import { LookBackForm } from './look-back-form';
import { MeasuresForm } from './measures-form';
import { StageReportForm } from './stage-report-form';
import { SupervisionOrderForm, SupervisionOrderReviewForm } from './supervision-order-form';
import type { TaskFormProps } from './task-form-props';

/** One form per task kind of API.md. */
const FORMS: Record<TaskKind, ComponentType<TaskFormProps>> = {
  assign: AssignForm,
  draft_measures: MeasuresForm,
  approve_measures: DecisionForm,
  submit_evidence: EvidenceForm,
  review_1: DecisionForm,
  review_2: DecisionForm,
  review_3: DecisionForm,
  stage_report: StageReportForm,
  escalation: EscalationForm,
  look_back: LookBackForm,
  contribute: ContributeForm,
  supervision_order: SupervisionOrderForm,
  supervision_order_review: SupervisionOrderReviewForm,
};

/** A finding's step (a public comment has its own page, public-comment-task-page). */
export function TaskForm(props: TaskFormProps) {
  const kind = props.task.kind;
  if (kind === 'public_comment') return null;
  const Form = FORMS[kind];
  return <Form {...props} />;
}
