import type { TaskKind } from './task-kinds';

/**
 * Separation of duties (职责分离) in a finding's work: one person never checks their own work.
 *
 * - the person who drafted the measures may not approve them (`drafter_approves`);
 * - the person who submitted the evidence may not review it at any level
 *   (`submitter_reviews`);
 * - nobody completes two of review_1 / review_2 / review_3 (`two_review_levels`).
 *
 * The responsible leader approving the measures and later doing review 2 stays allowed: that
 * is the design (the leader answers for both).
 *
 * "Within one cycle": the measures' cycle runs from their drafting to the leader's decision;
 * the evidence's from one submission through the reviews of that submission. A send-back
 * restarts the work, and so the cycle: measures sent back are drafted again (the new drafter
 * counts), evidence sent back is submitted again (who reviewed the sent-back submission no
 * longer counts, the new submitter does). A finding reopened after its look-back drafts and
 * submits anew in the same way.
 */
export type SeparationRule = 'drafter_approves' | 'submitter_reviews' | 'two_review_levels';

export const REVIEW_KINDS = ['review_1', 'review_2', 'review_3'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/**
 * Who did the steps of the current cycle. A field that is absent is unknown (a workflow started
 * before this record existed): unknown never refuses anyone.
 */
export interface DutyRecord {
  measuresDraftedBy?: string | null;
  evidenceSubmittedBy?: string | null;
  reviewedBy?: Partial<Record<ReviewKind, string>>;
}

export interface SeparationRefusal {
  rule: SeparationRule;
  /** Chinese, then English. */
  message: string;
}

/** The answer's `code` for a refusal under any of the rules. */
export const SEPARATION_OF_DUTIES_CODE = 'separation_of_duties';

export const SEPARATION_MESSAGES: Record<SeparationRule, { zh: string; en: string }> = {
  drafter_approves: {
    zh: '职责分离：起草整改措施的人不能审批这些措施',
    en: 'separation of duties: whoever drafted the measures may not approve them',
  },
  submitter_reviews: {
    zh: '职责分离：提交佐证材料的人不能审核验收这些材料',
    en: 'separation of duties: whoever submitted the evidence may not review it at any level',
  },
  two_review_levels: {
    zh: '职责分离：同一人不能完成三级审核验收中的两级',
    en: 'separation of duties: nobody completes two of the three review levels',
  },
};

function isReview(kind: TaskKind): kind is ReviewKind {
  return (REVIEW_KINDS as readonly string[]).includes(kind);
}

function refusal(rule: SeparationRule): SeparationRefusal {
  const { zh, en } = SEPARATION_MESSAGES[rule];
  return { rule, message: `${zh} / ${en}` };
}

/** Whether `userId` may complete (or claim) a task of `kind` given the cycle's record. */
export function separationOfDuties(
  duties: DutyRecord | undefined,
  kind: TaskKind,
  userId: string,
): SeparationRefusal | null {
  if (!duties) return null;
  if (kind === 'approve_measures') {
    return duties.measuresDraftedBy === userId ? refusal('drafter_approves') : null;
  }
  if (!isReview(kind)) return null;
  if (duties.evidenceSubmittedBy === userId) return refusal('submitter_reviews');
  const others = REVIEW_KINDS.filter((k) => k !== kind);
  if (others.some((k) => duties.reviewedBy?.[k] === userId)) return refusal('two_review_levels');
  return null;
}

/**
 * The record after `userId` completed a task of `kind`. Drafting names the drafter; a
 * submission names the submitter and starts its reviews afresh; a review names its reviewer.
 */
export function recordDuty(
  duties: DutyRecord | undefined,
  kind: TaskKind,
  userId: string,
): DutyRecord {
  const next: DutyRecord = { ...duties, reviewedBy: { ...duties?.reviewedBy } };
  if (kind === 'draft_measures') next.measuresDraftedBy = userId;
  else if (kind === 'submit_evidence') {
    next.evidenceSubmittedBy = userId;
    next.reviewedBy = {};
  } else if (isReview(kind)) next.reviewedBy = { ...next.reviewedBy, [kind]: userId };
  return next;
}

/**
 * The record of the current cycle rebuilt from a finding's finished tasks (the read model's):
 * the same steps in the order they were done give the same record as the workflow's.
 */
export function dutiesFromHistory(
  done: readonly { kind: TaskKind; completedBy: string | null; completedAt: string | null }[],
): DutyRecord {
  let duties: DutyRecord = {};
  const ordered = done
    .filter((t) => t.completedBy && t.completedAt)
    .sort((a, b) =>
      a.completedAt! < b.completedAt! ? -1 : a.completedAt! > b.completedAt! ? 1 : 0,
    );
  for (const t of ordered) duties = recordDuty(duties, t.kind, t.completedBy!);
  return duties;
}
