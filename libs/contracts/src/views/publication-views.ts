import type { ReportVersion, WithholdReason } from '@rectiflow/domain';

/** How the public reaches the office about a published report (from the imported closing block). */
export interface PublicationContacts {
  phone: string | null;
  email: string | null;
  address: string | null;
  postcode: string | null;
}

/**
 * `POST /api/rounds/:id/publish`'s answer and one entry of `GET /api/rounds/:id/publications`:
 * a publication of the round's public report, frozen (its text's SHA-256 in `textHash`).
 */
export interface PublicationView {
  id: string;
  roundId: string;
  /** 1, 2, … for the round; the newest is the one served at `/public/rounds/:slug`. */
  version: number;
  /** The public page's key: unguessable, URL-safe, kept across re-publications of the round. */
  slug: string;
  title: string;
  /** The window's first and last calendar day (YYYY-MM-DD, ORG_TIMEZONE), both included. */
  from: string;
  to: string;
  textHash: string;
  withheldCount: number;
  publishedBy: string;
  publishedAt: string;
}

/** `GET /api/rounds/:id/publications`: the round's publications, newest first. */
export interface PublicationList {
  items: PublicationView[];
}

/** `GET /api/public/rounds/:slug` (no sign-in): what the public page shows. */
export interface PublicRoundView {
  title: string;
  /** The published text: plain paragraphs separated by blank lines, never HTML. */
  text: string;
  from: string;
  to: string;
  /** Today (in ORG_TIMEZONE) is within [from, to]. */
  open: boolean;
  contacts: PublicationContacts;
  /** How many findings the public version leaves out (不予公开), and nothing about which. */
  withheldCount: number;
  /** SHA-256 (hex) of `text` as published. */
  textHash: string;
  publishedAt: string;
}

/** A finding's place in the public version (`PUT /api/findings/:id/disclosure`). */
export interface FindingDisclosure {
  withheld: boolean;
  reason: WithholdReason | null;
}

export type { ReportVersion, WithholdReason };
