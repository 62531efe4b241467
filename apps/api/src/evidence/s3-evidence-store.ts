import {
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { EvidenceStoreConfig } from '@rectiflow/config';
import { EvidenceStore, sha256Of } from './evidence-store';

type S3Settings = Extract<EvidenceStoreConfig, { kind: 's3' }>;

/**
 * Evidence in an S3-compatible bucket, one object per SHA-256 under EVIDENCE_S3_PREFIX.
 * Credentials come the SDK's usual way (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a
 * profile, an instance role). Every API replica reaches the same bucket.
 */
export class S3EvidenceStore extends EvidenceStore {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    super();
    this.client = new S3Client({
      region: settings.region,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      forcePathStyle: settings.forcePathStyle,
    });
  }

  private key(sha256: string): string {
    return `${this.settings.prefix}${sha256.slice(0, 2)}/${sha256}`;
  }

  async put(bytes: Buffer): Promise<string> {
    const sha256 = sha256Of(bytes);
    const Key = this.key(sha256);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key }));
      return sha256;
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
    }
    // The store checks the bytes it receives against this digest.
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key,
        Body: bytes,
        ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
      }),
    );
    return sha256;
  }

  async read(sha256: string): Promise<Buffer> {
    const res = await this.client.send(
      new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }),
    );
    if (!res.Body) throw new Error(`evidence ${sha256} has no body in the bucket`);
    return Buffer.from(await res.Body.transformToByteArray());
  }
}
