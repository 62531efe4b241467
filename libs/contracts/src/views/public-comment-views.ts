import type { PublicCommentStatus } from '@rectiflow/domain';

/** `POST /api/public/rounds/:slug/comments` → 201: the code the commenter keeps. */
export interface PublicCommentReceipt {
  receiptCode: string;
}

/** `GET /api/public/comments/:receiptCode`: what the commenter may know of their comment. */
export interface PublicCommentStatusView {
  status: PublicCommentStatus;
  /** The office's reply, once it answered. */
  reply?: string;
}

/**
 * 意见建议 as the office sees it (`GET /api/public-comments/:taskId`, office only): the one
 * place the contact is shown.
 */
export interface PublicCommentView {
  id: string;
  taskId: string;
  roundId: string;
  receiptCode: string;
  text: string;
  contact: string | null;
  /** The finding the commenter named (by its number), if it matched one of the round. */
  namedFindingId: string | null;
  namedFindingCode: string | null;
  status: PublicCommentStatus;
  /** The finding it was linked to. */
  findingId: string | null;
  reply: string | null;
  note: string | null;
  createdAt: string;
  handledAt: string | null;
  handledBy: string | null;
}

/**
 * `GET /api/public/rounds/:slug/findings`: the findings the published text tells (not withheld,
 * not withdrawn, there when it was published), for the comment form's choice.
 */
export interface PublicFindingList {
  items: { code: string; title: string }[];
}

/** Comments received and handled (linked, answered or closed) in a round or unit. */
export interface PublicCommentCounts {
  received: number;
  handled: number;
}
