import { createHash } from 'node:crypto';
import type { Provider } from '@nestjs/common';
import type { AppConfig } from '@rectiflow/config';
import { APP_CONFIG } from '../config/config.module';

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

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The store EVIDENCE_STORE names; the S3 client is loaded only when it is used. */
export const evidenceStoreProvider: Provider = {
  provide: EvidenceStore,
  inject: [APP_CONFIG],
  useFactory: async (config: AppConfig): Promise<EvidenceStore> => {
    const settings = config.evidence;
    if (settings.kind === 's3') {
      const { S3EvidenceStore } = await import('./s3-evidence-store');
      return new S3EvidenceStore(settings);
    }
    const { LocalEvidenceStore } = await import('./local-evidence-store');
    return new LocalEvidenceStore(settings.dir);
  },
};
