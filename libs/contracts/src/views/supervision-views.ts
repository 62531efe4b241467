import type { CommentFileView } from './comment-views';
import type { FindingSummary } from './finding-views';

/** Why a finding is on the supervision ledger (督办台账). */
export const SUPERVISION_REASONS = ['overdue', 'escalated', 'sent_back', 'due_soon'] as const;
export type SupervisionReason = (typeof SUPERVISION_REASONS)[number];

/** A finding on the ledger, with every reason it is there. */
export interface SupervisionItem extends FindingSummary {
  reasons: SupervisionReason[];
  /** 约谈 records about this finding. */
  talks: number;
  /** 问责 records about this finding. */
  accountabilityRecords: number;
  /** 督办单 on this finding not yet accepted (open or awaiting acceptance). */
  openOrders: number;
}

/** `GET /api/supervision`. */
export interface SupervisionPage {
  items: SupervisionItem[];
  total: number;
}

/** 约谈 (an admonition talk) or 问责 (an accountability decision). */
export const SUPERVISION_RECORD_KINDS = ['talk', 'accountability'] as const;
export type SupervisionRecordKind = (typeof SUPERVISION_RECORD_KINDS)[number];

/** A 约谈 or 问责 record, with the findings it is about. */
export interface SupervisionRecordView {
  id: string;
  unitId: string;
  kind: SupervisionRecordKind;
  /** The calendar day it took place (YYYY-MM-DD). */
  occurredOn: string;
  departmentId: string | null;
  departmentName: string | null;
  /** 约谈: with whom; 问责: who is held accountable. */
  subject: string;
  /** 约谈: who held it; empty for 问责. */
  heldBy: string;
  /** 问责: the kind of decision (ACCOUNTABILITY_KINDS); empty for 约谈. */
  accountabilityKind: string;
  note: string;
  /** Its files (the talk's minutes, the decision's document): `GET /api/supervision/record-files/:id`. */
  files: CommentFileView[];
  findings: { id: string; code: string; title: string }[];
  recordedBy: string;
  recordedByName: string;
  createdAt: string;
}

/** `GET /api/supervision/records`: the records, and the accountability kinds to choose from. */
export interface SupervisionRecordPage {
  items: SupervisionRecordView[];
  total: number;
  accountabilityKinds: string[];
}

/** `POST /api/findings/:id/supervision-orders`: the department's new supervision_order task. */
export interface SupervisionOrderIssued {
  taskId: string;
}

/** `POST /api/findings/:id/nudges`: the department told. */
export interface NudgeSent {
  departmentId: string;
}

/** `POST /api/findings/:id/look-back`: 立即回头看, the look-back task now open. */
export interface LookBackStarted {
  findingId: string;
  taskId: string;
}

/** One finding of a look-back sample (抽查回头看), with its new look_back task. */
export interface LookBackSampleItem {
  findingId: string;
  code: string;
  title: string;
  taskId: string;
}

/**
 * `POST /api/rounds/:id/look-back-sample`: the seed (given, or drawn when none was), the sample
 * drawn with it from the round's closed findings waiting for their look-back, how many there
 * were, and each started look-back; `failed` names any that could not start (changed meanwhile).
 */
export interface LookBackSample {
  seed: number;
  findingIds: string[];
  eligible: number;
  items: LookBackSampleItem[];
  failed: { findingId: string; message: string }[];
}
