/**
 * What a form field must hold before it is sent. The web forms check these in the browser; the
 * API's DTOs (class-validator) check the same, and a unit test
 * (apps/api/src/http/form-rules.spec.ts) reads the DTOs' decorators to keep the two in step.
 */
export interface FieldRule {
  /** Must be given: a non-blank text, a choice, a date, or a list of at least `minItems`. */
  readonly required?: boolean;
  /** Characters of a text, at most. */
  readonly maxLength?: number;
  /** Items of a list, at least (a required list). */
  readonly minItems?: number;
  /** Items of a list, at most. */
  readonly maxItems?: number;
}

/** Why a value fails its rule; null when it holds. */
export type FieldProblem = 'required' | 'too_long' | 'too_few' | 'too_many';

const REASON = { required: true, maxLength: 2000 } as const satisfies FieldRule;
const CO_DEPARTMENTS = { maxItems: 20 } as const satisfies FieldRule;

/**
 * The rules of each form's fields, by the body the form sends: the task steps by their kind
 * (`measure` is one entry of the plan's `measures`), the changes on a running finding by their
 * route. Fields without a rule are not listed.
 */
export const FORM_RULES = {
  /** 交办 (`POST /api/tasks/:id/complete` of an assign task). */
  assign: {
    responsibleLeaderId: { required: true },
    leadDepartmentId: { required: true },
    coDepartmentIds: CO_DEPARTMENTS,
    dueAt: { required: true },
  },
  /** 制定整改措施: the plan. */
  draft_measures: { measures: { required: true, minItems: 1, maxItems: 100 } },
  /** One measure of the plan. */
  measure: { text: { required: true, maxLength: 5000 } },
  /** 提交整改材料: the evidence report. */
  submit_evidence: {
    report: { required: true, maxLength: 20000 },
    evidenceIds: { required: true, minItems: 1, maxItems: 200 },
    measuresDone: { maxItems: 100 },
  },
  /** 改派 `POST /api/findings/:id/reassign`. */
  reassign: { reason: REASON, coDepartmentIds: CO_DEPARTMENTS },
  /** 延期 `POST /api/findings/:id/due-date`. */
  due_date: { reason: REASON, dueAt: { required: true } },
  /** 撤回 `POST /api/findings/:id/withdraw`. */
  withdraw: { reason: REASON },
  /** 修改标题 `PATCH /api/findings/:id`. */
  title: { reason: REASON, title: { maxLength: 2000 } },
} as const satisfies Record<string, Record<string, FieldRule>>;

export type RuledForm = keyof typeof FORM_RULES;

/** The first way `value` fails `rule` (texts are taken trimmed, as the API cleans them). */
export function checkField(rule: FieldRule, value: unknown): FieldProblem | null {
  const blank =
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0);
  if (blank) return rule.required ? 'required' : null;
  if (typeof value === 'string' && rule.maxLength !== undefined)
    return [...value.trim()].length > rule.maxLength ? 'too_long' : null;
  if (Array.isArray(value)) {
    if (rule.minItems !== undefined && value.length < rule.minItems) return 'too_few';
    if (rule.maxItems !== undefined && value.length > rule.maxItems) return 'too_many';
  }
  return null;
}
