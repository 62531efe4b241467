import type { Provider } from '@nestjs/common';
import type { AppConfig } from '@rectiflow/config';
import { APP_CONFIG } from '../config/config.module';
import { EvidenceStore } from './evidence-store';
import { LocalEvidenceStore } from './local-evidence-store';
import type * as S3Module from './s3-evidence-store';

/** The store EVIDENCE_STORE names. */
export const evidenceStoreProvider: Provider = {
  provide: EvidenceStore,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): EvidenceStore => {
    const settings = config.evidence;
    if (settings.kind === 's3') {
      // Loaded only when configured: the AWS SDK adds a third of a second to every start.
      // (A require, not import(): jest runs the API's modules where import() is not allowed.)
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { S3EvidenceStore } = require('./s3-evidence-store') as typeof S3Module;
      return new S3EvidenceStore(settings);
    }
    return new LocalEvidenceStore(settings.dir);
  },
};
