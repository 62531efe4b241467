/** Limits of a comment (`POST /api/findings/:id/comments`), checked by the API and the web form. */
export const COMMENT_LIMITS = {
  /** Characters of the text. */
  textMax: 5000,
  /** People @mentioned. */
  mentionsMax: 20,
  /** Files carried (each uploaded first to `POST /api/findings/:id/comment-files`). */
  filesMax: 10,
} as const;
