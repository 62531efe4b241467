/** A file a comment carries (`POST /api/findings/:id/comment-files` answers it). */
export interface CommentFileView {
  id: string;
  filename: string;
  mimeType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

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
  /** The files it carries, in upload order (download: `GET /api/comment-files/:id`). */
  files: CommentFileView[];
  createdAt: string;
}

export interface CommentPage {
  items: CommentView[];
  total: number;
}
