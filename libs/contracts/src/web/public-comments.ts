/**
 * Limits of a public comment (`POST /api/public/rounds/:slug/comments`), checked by the API and
 * the public page's form, and of the office's answer to it.
 */
export const PUBLIC_COMMENT_LIMITS = {
  /** Characters of the comment. */
  textMax: 2000,
  /** Characters of the optional contact (phone, e-mail, address). */
  contactMax: 200,
  /** Characters of the finding's number the comment concerns. */
  findingCodeMax: 40,
  /** Characters of the office's reply and of its note. */
  replyMax: 2000,
} as const;
