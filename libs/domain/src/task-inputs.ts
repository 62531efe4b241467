import { z } from 'zod';
import type { TaskKind } from './task-kinds';
import { DECISIONS, ESCALATION_ACTIONS, LOOK_BACK_OUTCOMES } from './vocabulary';

// Bodies of `POST /api/tasks/:id/complete`, one per task kind (API.md "Inbox and tasks"), as
// schemas: the finding machine checks a body against its kind's schema before any step (a body
// that reached the workflow some other way is refused, not half-applied). The API's DTOs say the
// same with field-level messages and formats.
//
// The schemas are not exported: the worker loads this module (and zod) once for every workflow
// of its V8 context (apps/worker/src/workflow-bundle.ts, preloadModules), and the SDK then
// freezes what such a module exports, and zod's own shared state with it. A frozen schema refuses
// zod's memoised members, so the table lives in this module's scope. zod's shared state must be
// complete before the freeze: building the schemas completes it (the default locale, the
// memoizer, whether it may compile with `new Function`), and each is run once as the module
// loads so that whatever a first parse would still set is set then too. Schemas hold nothing of
// one finding: sharing them among workflows is safe. test/security/temporal-side-door sends the
// worker every way a body can be refused.

function buildTaskInputs() {
  /** A time the platform can read (ISO-8601; the API has already checked the format). */
  const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date and time');
  const text = (max: number) => z.string().min(1, 'must not be empty').max(max);
  const ids = (max: number) => z.array(z.string().min(1)).max(max);

  const assignInput = z.object({
    responsibleLeaderId: z.string().min(1),
    leadDepartmentId: z.string().min(1),
    coDepartmentIds: ids(20).optional(),
    dueAt: time,
    longTerm: z.boolean().optional(),
    /** When the co-departments' contributions fall due (the finding's deadline when absent). */
    coDepartmentDueAt: time.optional(),
  });

  const measureDraft = z.object({
    text: text(5000),
    dueAt: time.optional(),
    ownerDepartmentId: z.string().min(1).optional(),
  });

  const draftMeasuresInput = z.object({
    measures: z.array(measureDraft).min(1, 'measures must hold at least one measure').max(100),
  });

  const decisionInput = z
    .object({ decision: z.enum(DECISIONS), comment: z.string().max(5000).optional() })
    .refine((d) => d.decision !== 'reject' || !!d.comment?.trim(), {
      message: 'comment is required to reject',
      path: ['comment'],
    });

  const submitEvidenceInput = z.object({
    report: text(20000),
    evidenceIds: ids(200).min(1, 'evidenceIds must name at least one uploaded evidence file'),
    measuresDone: ids(100),
  });

  const stageReportInput = z.object({
    report: text(20000),
    evidenceIds: ids(200).optional(),
    finalStage: z.boolean().optional(),
  });

  const escalationInput = z.object({
    action: z.enum(ESCALATION_ACTIONS),
    comment: text(5000),
    dueAt: time.optional(),
    leadDepartmentId: z.string().min(1).optional(),
  });

  const lookBackInput = z.object({
    outcome: z.enum(LOOK_BACK_OUTCOMES),
    comment: text(5000),
  });

  /** 配合整改: a co-operating department's part of the work, what it did and its files. */
  const contributeInput = z.object({
    text: text(20000),
    evidenceIds: ids(200).optional(),
  });

  /** 督办单: the department's answer to a supervision order, with its files. */
  const supervisionOrderInput = z.object({
    answer: text(20000),
    evidenceIds: ids(200).optional(),
  });

  /** The body each kind takes: the one table tying an input schema (and type) to its kind. */
  return {
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
}

type TaskInputSchemas = ReturnType<typeof buildTaskInputs>;
const schemas = buildTaskInputs();
for (const schema of Object.values(schemas)) schema.safeParse({});

/** The schema of a kind's body. */
export function taskInputSchema<K extends TaskKind>(kind: K): z.ZodType<TaskInputByKind[K]> {
  return schemas[kind] as unknown as z.ZodType<TaskInputByKind[K]>;
}

export type TaskInputByKind = { [K in TaskKind]: z.infer<TaskInputSchemas[K]> };
export type AnyTaskInput = TaskInputByKind[TaskKind];
export type AssignInput = TaskInputByKind['assign'];
export type DraftMeasuresInput = TaskInputByKind['draft_measures'];
export type MeasureDraft = DraftMeasuresInput['measures'][number];
export type DecisionInput = TaskInputByKind['approve_measures'];
export type SubmitEvidenceInput = TaskInputByKind['submit_evidence'];
export type StageReportInput = TaskInputByKind['stage_report'];
export type EscalationInput = TaskInputByKind['escalation'];
export type LookBackInput = TaskInputByKind['look_back'];
export type ContributeInput = TaskInputByKind['contribute'];
export type SupervisionOrderInput = TaskInputByKind['supervision_order'];
