import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ImportPreviewArea, PublicationBlock } from '@rectiflow/contracts';

/** What a dry run parsed out of a document, as the seal carries it back to the confirming call. */
export interface ParsedDocument {
  kind: 'text' | 'docx' | 'pdf' | 'xlsx';
  filename: string | null;
  sha256: string;
  bytes: number;
  areas: ImportPreviewArea[];
  publication: PublicationBlock | null;
  issuedAt: string;
}

/** A preview older than this must be made again before it is confirmed. */
const ORIGIN_LIFETIME_MS = 24 * 3600_000;

/**
 * The parsed document of a dry run, signed by the server. The office corrects the preview in the
 * browser and confirms the corrected tree as the JSON body, handing this back as `origin`; the
 * audit event then states what the office changed against what the server itself parsed, not
 * against what a client claims it parsed. Stateless: any API replica with the same secret can
 * check it, and nothing is stored for a preview that is never confirmed.
 */
export class ImportOriginSeal {
  private readonly key: Buffer;

  /** `secret`: the API's JWT secret; a key derived for this one use keeps the tokens apart. */
  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('rectiflow import origin v1').digest();
  }

  seal(doc: ParsedDocument): string {
    const body = Buffer.from(JSON.stringify(doc)).toString('base64url');
    return `v1.${body}.${this.mac(body)}`;
  }

  /** The document, or null when the token was altered, is malformed or has expired. */
  open(token: string, now = Date.now()): ParsedDocument | null {
    const [version, body, mac] = token.split('.');
    if (version !== 'v1' || !body || !mac) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const doc = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as ParsedDocument;
      const age = now - Date.parse(doc.issuedAt);
      return age >= 0 && age <= ORIGIN_LIFETIME_MS ? doc : null;
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
