import type { NoticeCode, NoticeKind, NoticeParamsByCode } from '@rectiflow/domain';
import type { Page } from './figure-views';

/** A notice to the caller (`GET /api/notifications`). */
export interface NoticeView {
  id: string;
  kind: NoticeKind;
  /** Renders the text in the reader's language (libs/domain finding-texts); null on older notices. */
  code: NoticeCode | null;
  params: NoticeParamsByCode[NoticeCode] | null;
  findingId: string | null;
  taskId: string | null;
  /** The Chinese text, for older notices and e-mail. */
  title: string;
  body: string;
  createdAt: string;
  read: boolean;
  readAt: string | null;
}

export interface NoticePage extends Page<NoticeView> {
  unread: number;
}

/** `POST /api/notifications/:id/read`. */
export interface NoticeReadAnswer {
  id: string;
  read: boolean;
  readAt: string | null;
}

/** `POST /api/notifications/read-all`: how many unread notices it marked read. */
export interface NoticeReadAllAnswer {
  updated: number;
}
