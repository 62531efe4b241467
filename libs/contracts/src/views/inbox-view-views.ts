import type { InboxViewFilters } from '../web/inbox-views';

/** One saved inbox view of the caller (`GET/POST /api/me/inbox-views`). */
export interface InboxSavedView {
  id: string;
  name: string;
  filters: InboxViewFilters;
  createdAt: string;
}

export interface InboxSavedViewList {
  items: InboxSavedView[];
}
