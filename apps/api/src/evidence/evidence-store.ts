import { createHash } from 'node:crypto';

/**
 * Where evidence bytes live, addressed by their SHA-256: the same file uploaded twice is kept
 * once and a stored file cannot change unseen. A folder in the embedded default (shared by
 * every API replica when there are several), or an S3-compatible bucket (EVIDENCE_STORE).
 */
export abstract class EvidenceStore {
  /** Stores the bytes (idempotently) and returns their SHA-256 in hex. */
  abstract put(bytes: Buffer): Promise<string>;
  abstract read(sha256: string): Promise<Buffer>;
}

/** The SHA-256 of bytes or of a text (as UTF-8), in hex: how stored files and frozen texts are named. */
export function sha256Of(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}
