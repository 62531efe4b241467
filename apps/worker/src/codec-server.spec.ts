import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { AesGcmPayloadCodec, parsePayloadKey } from '@rectiflow/config';
import { createCodecServer } from './codec-server';

const text = new TextEncoder();
const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');

describe('codec server (decode only, loopback)', () => {
  const key = parsePayloadKey(randomBytes(32).toString('base64'), 'test');
  const codec = new AesGcmPayloadCodec({ encryptKey: key });
  const server = createCodecServer(
    new AesGcmPayloadCodec({ encryptKey: key, allowPlaintext: true }),
    {
      allowOrigin: 'http://127.0.0.1:8233',
    },
  );
  let url: string;

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('decodes what the API and the worker encrypted, for the CLI and the UI', async () => {
    const value = { taskId: 't1', input: { title: '台账不全' } };
    const [sealed] = await codec.encode([
      {
        metadata: { encoding: text.encode('json/plain') },
        data: text.encode(JSON.stringify(value)),
      },
    ]);
    const res = await fetch(`${url}/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:8233' },
      body: JSON.stringify({
        payloads: [
          {
            metadata: {
              encoding: b64(sealed.metadata!.encoding),
              'encryption-key-id': b64(sealed.metadata!['encryption-key-id']),
            },
            data: b64(sealed.data!),
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8233');
    const body = (await res.json()) as {
      payloads: { metadata: Record<string, string>; data: string }[];
    };
    expect(Buffer.from(body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(body.payloads[0].data, 'base64').toString())).toEqual(value);
  });

  it('encrypts nothing, so no step can be forged through it', async () => {
    const res = await fetch(`${url}/encode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payloads: [] }),
    });
    expect(res.status).toBe(404);
  });

  it('answers 400 to a body that is not a codec request', async () => {
    const res = await fetch(`${url}/decode`, { method: 'POST', body: '{"payloads":' });
    expect(res.status).toBe(400);
  });
});
