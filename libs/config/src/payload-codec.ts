import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REFUSED_PAYLOAD_FIELD } from '@rectiflow/contracts';
import type { AppConfig } from './app-config';
import { ConfigError } from './config-error';

/**
 * A Temporal payload as the SDK's PayloadCodec sees it (spelled out so this lib does not depend
 * on the SDK; structurally the same as `@temporalio/common`'s Payload).
 */
export interface CodecPayload {
  metadata?: Record<string, Uint8Array> | null;
  data?: Uint8Array | null;
}

/** The encoding of an encrypted payload; its data is IV (12) + ciphertext + GCM tag (16). */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata naming the key a payload was encrypted with, so keys can rotate. */
export const KEY_ID_METADATA = 'encryption-key-id';

export interface PayloadKey {
  id: string;
  key: Buffer;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** A key's id: the start of its SHA-256, so the same key has the same id everywhere. */
export function payloadKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function parsePayloadKey(base64: string, name: string): PayloadKey {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32)
    throw new ConfigError(
      `Invalid configuration:\n  - ${name} must be 32 bytes in base64 (openssl rand -base64 32)`,
    );
  return { id: payloadKeyId(key), key };
}

export interface PayloadCodecOptions {
  /** The key new payloads are encrypted with. */
  encryptKey: PayloadKey;
  /** Further keys accepted on decode (earlier keys during a rotation). */
  decryptKeys?: PayloadKey[];
  /**
   * Pass payloads without the encryption marker through as they are. Only for replaying
   * histories recorded before payloads were encrypted; never in a live worker or client.
   */
  allowPlaintext?: boolean;
}

/**
 * AES-256-GCM over each whole payload (metadata and data), the key id in the clear beside it
 * and bound to it as additional data. Used by the API's Temporal client, the worker and the
 * codec server alike.
 *
 * Decoding never throws: a payload that is not encrypted, or not with a key held here, or whose
 * tag does not verify, becomes a JSON object `{ [REFUSED_PAYLOAD_FIELD]: reason }`. The SDK fails
 * the whole workflow activation when a codec throws, and retries it for ever: a forged update's
 * arguments would wedge its finding. As an object the workflow can refuse that one step.
 */
export class AesGcmPayloadCodec {
  private readonly keys: Map<string, Buffer>;

  constructor(private readonly options: PayloadCodecOptions) {
    this.keys = new Map(
      [options.encryptKey, ...(options.decryptKeys ?? [])].map((k) => [k.id, k.key]),
    );
  }

  encode(payloads: CodecPayload[]): Promise<CodecPayload[]> {
    return Promise.resolve(payloads.map((p) => this.encrypt(p)));
  }

  decode(payloads: CodecPayload[]): Promise<CodecPayload[]> {
    return Promise.resolve(payloads.map((p) => this.decrypt(p)));
  }

  private encrypt(payload: CodecPayload): CodecPayload {
    const { id, key } = this.options.encryptKey;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(id, 'utf8'));
    const body = cipher.update(serialise(payload));
    const sealed = Buffer.concat([iv, body, cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { encoding: utf8.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8.encode(id) },
      data: new Uint8Array(sealed),
    };
  }

  private decrypt(payload: CodecPayload): CodecPayload {
    const meta = payload.metadata ?? {};
    const encoding = meta.encoding ? fromUtf8.decode(meta.encoding) : '';
    if (encoding !== ENCRYPTED_ENCODING) {
      return this.options.allowPlaintext ? payload : markedPlaintext(payload, encoding);
    }
    const id = meta[KEY_ID_METADATA] ? fromUtf8.decode(meta[KEY_ID_METADATA]) : '';
    const key = this.keys.get(id);
    if (!key) return refused('encrypted with a key this service does not hold');
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < 28) return refused('not a valid encrypted payload');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAAD(Buffer.from(id, 'utf8'));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const plain = Buffer.concat([
        decipher.update(data.subarray(12, data.length - 16)),
        decipher.final(),
      ]);
      return deserialise(plain);
    } catch {
      return refused('its encryption does not verify');
    }
  }
}

/**
 * A payload that is not encrypted. Histories written before encryption (an upgraded
 * deployment's running findings) are plaintext throughout and must decode to what they hold,
 * so a JSON object keeps its fields and gains the refusal marker beside them: the workflow
 * refuses such a step only where it runs new code (patch `refused-step-audit`) and replays
 * the old ones as they were. Anything else that is not an object (null, a string, bytes)
 * passes unchanged: no step's arguments look like that.
 */
function markedPlaintext(payload: CodecPayload, encoding: string): CodecPayload {
  if (encoding !== 'json/plain' || !payload.data) return payload;
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8.decode(payload.data));
  } catch {
    return refused('not encrypted');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return payload;
  return {
    metadata: { encoding: utf8.encode('json/plain') },
    data: utf8.encode(JSON.stringify({ ...value, [REFUSED_PAYLOAD_FIELD]: 'not encrypted' })),
  };
}

function refused(reason: string): CodecPayload {
  return {
    metadata: { encoding: utf8.encode('json/plain') },
    data: utf8.encode(JSON.stringify({ [REFUSED_PAYLOAD_FIELD]: reason })),
  };
}

/** A payload as JSON with base64 bytes: no protobuf needed, and as exact. */
function serialise(payload: CodecPayload): Buffer {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload.metadata ?? {}))
    metadata[k] = Buffer.from(v).toString('base64');
  const data = Buffer.from(payload.data ?? new Uint8Array()).toString('base64');
  return Buffer.from(JSON.stringify({ metadata, data }), 'utf8');
}

function deserialise(plain: Buffer): CodecPayload {
  const parsed = JSON.parse(plain.toString('utf8')) as {
    metadata: Record<string, string>;
    data: string;
  };
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(parsed.metadata))
    metadata[k] = new Uint8Array(Buffer.from(v, 'base64'));
  return { metadata, data: new Uint8Array(Buffer.from(parsed.data, 'base64')) };
}

/** Where the embedded default keeps the key it generated on its first start. */
export function payloadKeyFile(dataDir: string): string {
  return path.join(dataDir, 'temporal-payload.key');
}

/**
 * The payload keys of this installation: TEMPORAL_PAYLOAD_KEY (base64, 32 bytes) encrypts,
 * it and TEMPORAL_PAYLOAD_DECRYPT_KEYS (comma-separated, earlier keys) decrypt. Without
 * TEMPORAL_PAYLOAD_KEY, outside production, the key in DATA_DIR/temporal-payload.key is used,
 * generated (mode 0600) on the first start; production refuses to start without one.
 */
export function loadPayloadKeys(config: AppConfig): PayloadCodecOptions {
  const env = config.env;
  const decryptKeys = (env.TEMPORAL_PAYLOAD_DECRYPT_KEYS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s, i) => parsePayloadKey(s, `TEMPORAL_PAYLOAD_DECRYPT_KEYS[${i}]`));
  if (env.TEMPORAL_PAYLOAD_KEY)
    return {
      encryptKey: parsePayloadKey(env.TEMPORAL_PAYLOAD_KEY, 'TEMPORAL_PAYLOAD_KEY'),
      decryptKeys,
    };
  if (config.production)
    throw new ConfigError(
      'Invalid configuration:\n  - TEMPORAL_PAYLOAD_KEY must be set in production (openssl rand -base64 32), the same for the API and every worker',
    );
  return { encryptKey: generatedKey(config.dataDir), decryptKeys };
}

function generatedKey(dataDir: string): PayloadKey {
  const file = payloadKeyFile(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) {
    // Written aside, then linked into place: of an API and a worker starting together, one
    // key wins and both read that one, never a half-written file.
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(temp, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    try {
      fs.linkSync(temp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      fs.unlinkSync(temp);
    }
  }
  return parsePayloadKey(fs.readFileSync(file, 'utf8'), file);
}
