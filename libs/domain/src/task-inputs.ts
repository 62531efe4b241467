import { z } from 'zod';
import type { TaskKind } from './task-kinds';
import { DECISIONS, ESCALATION_ACTIONS, LOOK_BACK_OUTCOMES } from './vocabulary';

// Bodies of `POST /api/tasks/:id/complete`, one per task kind (API.md "Inbox and tasks"), as
// schemas: the finding machine checks a body against its kind's schema before any step (a body
// that reached the workflow some other way is refused, not half-applied), and the web app checks
// forms with the same rules. The API's DTOs say the same with field-level messages and formats.

/** A time the platform can read (ISO-8601; the API has already checked the format). */
const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date and time');
const text = (max: number) => z.string().min(1, 'must not be empty').max(max);
const ids = (max: number) => z.array(z.string().min(1)).max(max);

export const assignInput = z.object({
  responsibleLeaderId: z.string().min(1),
  leadDepartmentId: z.string().min(1),
  coDepartmentIds: ids(20).optional(),
  dueAt: time,
  longTerm: z.boolean().optional(),
  /** When the co-departments' contributions fall due (the finding's deadline when absent). */
  coDepartmentDueAt: time.optional(),
});

export const measureDraft = z.object({
  text: text(5000),
  dueAt: time.optional(),
  ownerDepartmentId: z.string().min(1).optional(),
});

export const draftMeasuresInput = z.object({
  measures: z.array(measureDraft).min(1, 'measures must hold at least one measure').max(100),
});

export const decisionInput = z
  .object({ decision: z.enum(DECISIONS), comment: z.string().max(5000).optional() })
  .refine((d) => d.decision !== 'reject' || !!d.comment?.trim(), {
    message: 'comment is required to reject',
    path: ['comment'],
  });

export const submitEvidenceInput = z.object({
  report: text(20000),
  evidenceIds: ids(200).min(1, 'evidenceIds must name at least one uploaded evidence file'),
  measuresDone: ids(100),
});

export const stageReportInput = z.object({
  report: text(20000),
  evidenceIds: ids(200).optional(),
  finalStage: z.boolean().optional(),
});

export const escalationInput = z.object({
  action: z.enum(ESCALATION_ACTIONS),
  comment: text(5000),
  dueAt: time.optional(),
  leadDepartmentId: z.string().min(1).optional(),
});

export const lookBackInput = z.object({
  outcome: z.enum(LOOK_BACK_OUTCOMES),
  comment: text(5000),
});

/** 配合整改: a co-operating department's part of the work, what it did and its files. */
export const contributeInput = z.object({
  text: text(20000),
  evidenceIds: ids(200).optional(),
});

/** 督办单: the department's answer to a supervision order, with its files. */
export const supervisionOrderInput = z.object({
  answer: text(20000),
  evidenceIds: ids(200).optional(),
});

export type AssignInput = z.infer<typeof assignInput>;
export type MeasureDraft = z.infer<typeof measureDraft>;
export type DraftMeasuresInput = z.infer<typeof draftMeasuresInput>;
export type DecisionInput = z.infer<typeof decisionInput>;
export type SubmitEvidenceInput = z.infer<typeof submitEvidenceInput>;
export type StageReportInput = z.infer<typeof stageReportInput>;
export type EscalationInput = z.infer<typeof escalationInput>;
export type LookBackInput = z.infer<typeof lookBackInput>;
export type ContributeInput = z.infer<typeof contributeInput>;
export type SupervisionOrderInput = z.infer<typeof supervisionOrderInput>;

/** The body each kind takes: the one table tying an input schema (and type) to its kind. */
export const TASK_INPUTS = {
  assign: assignInput,
  draft_measures: draftMeasuresInput,
  approve_measures: decisionInput,
  submit_evidence: submitEvidenceInput,
  review_1: decisionInput,
  review_2: decisionInput,
  review_3: decisionInput,
  stage_report: stageReportInput,
  escalation: escalationInput,
  look_back: lookBackInput,
  contribute: contributeInput,
  supervision_order: supervisionOrderInput,
  supervision_order_review: decisionInput,
} satisfies Record<TaskKind, z.ZodType>;

export type TaskInputByKind = { [K in TaskKind]: z.infer<(typeof TASK_INPUTS)[K]> };
export type AnyTaskInput = TaskInputByKind[TaskKind];
