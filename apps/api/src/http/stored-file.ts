import type { Response } from 'express';
import { downloadName } from './input-hygiene';

/**
 * Sends a stored upload (evidence, a comment's file) so that it is never rendered as a page of
 * ours, even if a browser is talked into displaying it: its own content type, no sniffing, a
 * sandboxing CSP, no caching, and an attachment name quoted in ASCII plus RFC 5987 `filename*`
 * (quotes, non-ASCII names and the already stripped control characters cannot break the header).
 */
export function sendStoredFile(
  res: Response,
  file: { mimeType: string; filename: string },
  bytes: Buffer,
): void {
  res.setHeader('Content-Type', file.mimeType);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Cache-Control', 'private, no-store');
  res.attachment(downloadName(file.filename));
  res.send(bytes);
}
