import type { FindingSummary } from './finding-views';

/** Why a finding is on the supervision ledger (督办台账). */
export const SUPERVISION_REASONS = ['overdue', 'escalated', 'sent_back', 'due_soon'] as const;
export type SupervisionReason = (typeof SUPERVISION_REASONS)[number];

/** A finding on the ledger, with every reason it is there. */
export interface SupervisionItem extends FindingSummary {
  reasons: SupervisionReason[];
}

/** `GET /api/supervision`. */
export interface SupervisionPage {
  items: SupervisionItem[];
  total: number;
}
