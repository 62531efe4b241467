/** One message of a finding's discussion (`GET/POST /api/findings/:id/comments`). */
export interface CommentView {
  id: string;
  findingId: string;
  authorId: string;
  /** The author's display name as it is now. */
  authorName: string;
  text: string;
  /** The people it @mentions (each got a notice). */
  mentionUserIds: string[];
  createdAt: string;
}

export interface CommentPage {
  items: CommentView[];
  total: number;
}
