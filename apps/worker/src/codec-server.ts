import 'reflect-metadata';
import * as http from 'node:http';
import {
  AesGcmPayloadCodec,
  loadConfig,
  loadPayloadKeys,
  type CodecPayload,
} from '@rectiflow/config';

/** The codec server protocol's JSON form of a payload: metadata values and data in base64. */
interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const MAX_BODY = 8 * 1024 * 1024;

export interface CodecServerOptions {
  /** The origin of the Temporal UI allowed to call it from the browser (CORS). */
  allowOrigin: string;
}

/**
 * A Temporal codec server (`temporal … --codec-endpoint`, the UI's "codec server" setting) that
 * only decodes: an operator holding the payload key reads histories in the CLI or the UI;
 * nothing can be encrypted through it, so it forges no step. Histories recorded before payload
 * encryption show as they are.
 */
export function createCodecServer(
  codec: AesGcmPayloadCodec,
  options: CodecServerOptions,
): http.Server {
  return http.createServer((req, res) => {
    const cors = {
      'access-control-allow-origin': options.allowOrigin,
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type, x-namespace, authorization',
      vary: 'origin',
    };
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { ...cors, 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/decode') {
      answer(404, { message: 'this codec server only decodes: POST /decode' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        answer(413, { message: `body over ${MAX_BODY} bytes` });
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      let payloads: JsonPayload[];
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          payloads?: JsonPayload[];
        };
        if (!Array.isArray(body.payloads)) throw new Error('payloads must be an array');
        payloads = body.payloads;
      } catch (err) {
        answer(400, { message: `not a codec request: ${(err as Error).message}` });
        return;
      }
      void codec.decode(payloads.map(fromJson)).then(
        (decoded) => answer(200, { payloads: decoded.map(toJson) }),
        (err: unknown) => answer(500, { message: String(err) }),
      );
    });
  });
}

function fromJson(p: JsonPayload): CodecPayload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {}))
    metadata[k] = new Uint8Array(Buffer.from(v, 'base64'));
  return { metadata, data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')) };
}

function toJson(p: CodecPayload): JsonPayload {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {}))
    metadata[k] = Buffer.from(v).toString('base64');
  return { metadata, data: Buffer.from(p.data ?? new Uint8Array()).toString('base64') };
}

/**
 * `npm run codec-server`: the installation's payload keys (as the API and worker read them),
 * on 127.0.0.1:CODEC_SERVER_PORT [8234], for the Temporal UI at CODEC_SERVER_ALLOW_ORIGIN
 * [http://127.0.0.1:8233].
 */
function main(): void {
  const config = loadConfig();
  const codec = new AesGcmPayloadCodec({ ...loadPayloadKeys(config), allowPlaintext: true });
  const port = Number(process.env.CODEC_SERVER_PORT || 8234);
  const allowOrigin = process.env.CODEC_SERVER_ALLOW_ORIGIN || 'http://127.0.0.1:8233';
  createCodecServer(codec, { allowOrigin }).listen(port, '127.0.0.1', () => {
    console.log(
      `codec server on http://127.0.0.1:${port} (decode only): temporal workflow show --codec-endpoint http://127.0.0.1:${port} …`,
    );
  });
}

if (require.main === module) main();
