import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { refusedPayloadReason } from '@rectiflow/contracts';
import { loadConfig } from './app-config';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  loadPayloadKeys,
  parsePayloadKey,
  payloadKeyFile,
  type CodecPayload,
} from './payload-codec';

const text = new TextEncoder();
const untext = new TextDecoder();
const json = (value: unknown): CodecPayload => ({
  metadata: { encoding: text.encode('json/plain') },
  data: text.encode(JSON.stringify(value)),
});
const valueOf = (p: CodecPayload): unknown => JSON.parse(untext.decode(p.data ?? undefined));
const newKey = () => parsePayloadKey(randomBytes(32).toString('base64'), 'test');

describe('AesGcmPayloadCodec', () => {
  const key = newKey();
  const codec = new AesGcmPayloadCodec({ encryptKey: key });

  it('encrypts a payload so neither its data nor its encoding shows, and decrypts it back', async () => {
    const original = json({ taskId: 't1', actor: { id: 'u1' }, input: { title: '台账不全' } });
    const [sealed] = await codec.encode([original]);
    expect(untext.decode(sealed.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(sealed.data!).toString('utf8')).not.toContain('taskId');
    expect(Buffer.from(sealed.data!).toString('utf8')).not.toContain('json/plain');
    const [back] = await codec.decode([sealed]);
    expect(valueOf(back)).toEqual(valueOf(original));
    expect(untext.decode(back.metadata!.encoding)).toBe('json/plain');
  });

  it('marks a plaintext object as refused, keeping what it holds, instead of throwing', async () => {
    const [decoded] = await codec.decode([json({ taskId: 't1', actor: { id: 'forged' } })]);
    expect(refusedPayloadReason(valueOf(decoded))).toBe('not encrypted');
    // A history from before encryption still reads as it was written (the workflow decides).
    expect(valueOf(decoded)).toMatchObject({ taskId: 't1', actor: { id: 'forged' } });
  });

  it('passes plaintext that is not an object unchanged: no step looks like that', async () => {
    for (const value of [null, 'text', 42, [1, 2]]) {
      const [decoded] = await codec.decode([json(value)]);
      expect(valueOf(decoded)).toEqual(value);
    }
  });

  it('refuses a payload encrypted with another key, or altered', async () => {
    const [foreign] = await new AesGcmPayloadCodec({ encryptKey: newKey() }).encode([json(1)]);
    expect(refusedPayloadReason(valueOf((await codec.decode([foreign]))[0]))).toMatch(/key/);
    const [sealed] = await codec.encode([json({ a: 1 })]);
    const altered = Buffer.from(sealed.data!);
    altered[20] ^= 1;
    const [tampered] = await codec.decode([{ ...sealed, data: new Uint8Array(altered) }]);
    expect(refusedPayloadReason(valueOf(tampered))).toMatch(/does not verify/);
  });

  it('decrypts with an earlier key during a rotation, and passes plaintext only when allowed', async () => {
    const [old] = await codec.encode([json('old')]);
    const rotated = new AesGcmPayloadCodec({ encryptKey: newKey(), decryptKeys: [key] });
    expect(valueOf((await rotated.decode([old]))[0])).toBe('old');
    const replayer = new AesGcmPayloadCodec({ encryptKey: key, allowPlaintext: true });
    expect(valueOf((await replayer.decode([json('plain')]))[0])).toBe('plain');
  });
});

describe('loadPayloadKeys', () => {
  it('generates the embedded default key once, mode 0600, and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectiflow-key-'));
    const config = loadConfig({ DATA_DIR: dir });
    const first = loadPayloadKeys(config);
    const mode = fs.statSync(payloadKeyFile(dir)).mode & 0o777;
    expect(mode).toBe(0o600);
    expect(loadPayloadKeys(config).encryptKey).toEqual(first.encryptKey);
    fs.rmSync(dir, { recursive: true });
  });

  it('takes TEMPORAL_PAYLOAD_KEY and the decrypt keys, and refuses a wrong length', () => {
    const a = randomBytes(32).toString('base64');
    const b = randomBytes(32).toString('base64');
    const keys = loadPayloadKeys(
      loadConfig({ TEMPORAL_PAYLOAD_KEY: a, TEMPORAL_PAYLOAD_DECRYPT_KEYS: b }),
    );
    expect(keys.encryptKey.key.toString('base64')).toBe(a);
    expect(keys.decryptKeys?.map((k) => k.key.toString('base64'))).toEqual([b]);
    expect(() =>
      loadPayloadKeys(loadConfig({ TEMPORAL_PAYLOAD_KEY: randomBytes(16).toString('base64') })),
    ).toThrow(/32 bytes/);
  });

  it('refuses to start production without a key', () => {
    expect(() =>
      loadPayloadKeys(
        loadConfig({ NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex') }),
      ),
    ).toThrow(/TEMPORAL_PAYLOAD_KEY must be set in production/);
  });
});
