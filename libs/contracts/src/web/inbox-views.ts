import type { InboxTaskKind } from '@rectiflow/domain';

/** The inbox's sorts (`GET /api/inbox?sort=`). */
export const INBOX_VIEW_SORTS = ['due', 'code', 'kind'] as const;
export type InboxViewSort = (typeof INBOX_VIEW_SORTS)[number];

/**
 * The inbox's filters and sort as a saved view keeps them: the same names as the query of
 * `GET /api/inbox`, every one optional, nothing else.
 */
export interface InboxViewFilters {
  kind?: InboxTaskKind;
  roundId?: string;
  overdue?: boolean;
  q?: string;
  sort?: InboxViewSort;
  order?: 'asc' | 'desc';
}

/** Limits of saved inbox views (`/api/me/inbox-views`), checked by the API and the web form. */
export const INBOX_VIEW_LIMITS = {
  /** Views one person keeps at most. */
  perUser: 20,
  /** Characters of a view's name. */
  nameMax: 40,
  /** Characters of the search words (as `GET /api/inbox?q=`). */
  qMax: 100,
} as const;
