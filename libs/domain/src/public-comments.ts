import { TASK_KINDS, type TaskKind } from './task-kinds';

/**
 * 意见建议: a comment the public leaves on a published round (API.md "Publication and public
 * comments"). It is no finding's workflow step: each comment opens one `public_comment` task for
 * the office of the publication's unit, written by the API in the same transaction as the
 * comment and its audit event (apps/api/src/public-comments explains why not in Temporal).
 */
export const PUBLIC_COMMENT_KIND = 'public_comment';
export type PublicCommentKind = typeof PUBLIC_COMMENT_KIND;

/** Any task an inbox holds: a finding workflow's step or a public comment to handle. */
export type InboxTaskKind = TaskKind | PublicCommentKind;

/** Every kind an inbox may hold or filter by. */
export const INBOX_TASK_KINDS: readonly InboxTaskKind[] = [...TASK_KINDS, PUBLIC_COMMENT_KIND];

export const PUBLIC_COMMENT_KIND_LABEL: { zh: string; en: string } = {
  zh: '意见建议',
  en: 'Public comment',
};

/** What the commenter sees through the receipt code. */
export const PUBLIC_COMMENT_STATUSES = ['received', 'linked', 'answered', 'closed'] as const;
export type PublicCommentStatus = (typeof PUBLIC_COMMENT_STATUSES)[number];

/** The office's three ways to handle one: into a finding, answered, or closed as not relevant. */
export const PUBLIC_COMMENT_ACTIONS = ['link', 'reply', 'close'] as const;
export type PublicCommentAction = (typeof PUBLIC_COMMENT_ACTIONS)[number];

/**
 * Receipt codes: 12 characters of an alphabet without look-alikes (no 0/O, 1/I/L, U), about
 * 59 bits — unguessable, yet read aloud or typed from a note without doubt.
 */
export const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECEIPT_LENGTH = 12;

/** A typed receipt code as stored: upper case, spaces and dashes dropped. */
export function normaliseReceiptCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

/** Whether a (normalised) text can be a receipt code at all. */
export function isReceiptCode(code: string): boolean {
  return code.length === RECEIPT_LENGTH && [...code].every((c) => RECEIPT_ALPHABET.includes(c));
}

/** A code shown to a person: in groups of four (ABCD-EFGH-JKMN). */
export function formatReceiptCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}
