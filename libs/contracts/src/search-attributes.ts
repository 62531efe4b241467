import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * What operators filter findings by in the Temporal CLI and UI
 * (`temporal workflow list --query 'RectiflowStage="review_2"'`). The workflow upserts them at
 * each step and timer; the dev server's start (scripts/temporal-search-attributes.cjs, kept in
 * step by a unit test), the cluster's setup and the worker's start register them. Search
 * attributes are not encrypted by the payload codec: they hold ids, stages and lights only,
 * never a finding's text.
 */
export const FINDING_SEARCH_ATTRIBUTES = {
  round: defineSearchAttributeKey('RectiflowRound', SearchAttributeType.KEYWORD),
  stage: defineSearchAttributeKey('RectiflowStage', SearchAttributeType.KEYWORD),
  leadDepartment: defineSearchAttributeKey('RectiflowLeadDepartment', SearchAttributeType.KEYWORD),
  leader: defineSearchAttributeKey('RectiflowLeader', SearchAttributeType.KEYWORD),
  light: defineSearchAttributeKey('RectiflowLight', SearchAttributeType.KEYWORD),
  overdue: defineSearchAttributeKey('RectiflowOverdue', SearchAttributeType.BOOL),
} as const;

/** A finding's search attributes, as the machine computes them from its state. */
export interface FindingSearchValues {
  round: string;
  stage: string;
  leadDepartment: string | null;
  leader: string | null;
  light: string;
  overdue: boolean;
}
