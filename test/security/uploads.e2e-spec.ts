import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EvidenceEntity } from '@rectiflow/persistence';
import { findWebRoot } from '../../apps/api/src/web/web.module';
import { startStack, type TestStack } from '../support/stack';
import { buildWeb, WEB_ROOT } from '../support/web-build';
import { World } from '../support/world';

/**
 * Uploads: a size limit (413), the type decided by the bytes against an allow-list (not by the
 * name), names made safe, files stored by their SHA-256 outside anything served, and
 * downloads whose Content-Disposition cannot be broken by the name.
 */

const LIMIT = 64 * 1024;

// The first bytes of real files of each kind (magic numbers), padded.
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'),
  Buffer.alloc(64, 0x20),
]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
  Buffer.from('IHDR'),
  Buffer.alloc(32),
]);
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0'),
  Buffer.alloc(32),
]);
const ZIP = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]),
  Buffer.alloc(40),
]);
const EXE = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.from([0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]),
  Buffer.alloc(48),
  Buffer.from('PE\0\0'),
  Buffer.alloc(64),
]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)]);

describe('evidence uploads and downloads', () => {
  let stack: TestStack;
  let world: World;
  let findingId: string;

  beforeAll(async () => {
    // The web app is served (built first on a fresh clone), so "outside anything the server
    // serves" is checked against a real web root.
    buildWeb({ onlyIfMissing: true });
    stack = await startStack({ UPLOAD_MAX_BYTES: String(LIMIT), SERVE_WEB: 'true' });
    world = await World.create(stack);
    findingId = await world.createFinding({ dept: 'D1' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  const evidenceRoot = () => path.join(stack.config.dataDir, 'evidence');
  const storedFiles = (): string[] =>
    fs.existsSync(evidenceRoot())
      ? fs
          .readdirSync(evidenceRoot(), { recursive: true, encoding: 'utf8' })
          .filter((p) => /[0-9a-f]{64}$/.test(p))
      : [];
  const rows = () => stack.dataSource.getRepository(EvidenceEntity).countBy({ findingId });

  it('refuses a file over the limit with 413 and keeps nothing of it', async () => {
    const [filesBefore, rowsBefore] = [storedFiles().length, await rows()];
    const over = await world.api.upload(findingId, 'dept1', '台账.txt', 'x'.repeat(LIMIT + 1));
    expect(over.status).toBe(413);
    expect(over.body.errors).toEqual([
      { field: 'file', code: 'file_too_large', message: expect.stringContaining(String(LIMIT)) },
    ]);
    expect([storedFiles().length, await rows()]).toEqual([filesBefore, rowsBefore]);
    const atLimit = await world.api.upload(findingId, 'dept1', '台账.txt', 'y'.repeat(LIMIT));
    expect(atLimit.status).toBe(201);
    expect(atLimit.body.size).toBe(LIMIT);
  });

  it('takes only an allowed extension whose bytes agree, and refuses the rest with a code', async () => {
    // Bytes that no signature describes, and that are not UTF-8 text either.
    const UNKNOWN = Buffer.from([0x13, 0x37, 0xc0, 0xde, 0xff, 0xfe, 0x00, 0x01, 0x02]);
    const cases: [string, Buffer, number, string, string?][] = [
      // The issue's attack: an executable's name with unrecognised bytes.
      ['tool.exe', UNKNOWN, 400, 'file_type_not_allowed'],
      ['tool.exe', EXE, 400, 'file_type_not_allowed'],
      ['run.sh', Buffer.from('rm -rf /\n'), 400, 'file_type_not_allowed'],
      ['整改报告.pdf', EXE, 400, 'file_type_mismatch'],
      ['整改报告.pdf', UNKNOWN, 400, 'file_type_mismatch'],
      ['photo.png', ELF, 400, 'file_type_mismatch'],
      ['scan.exe', PDF, 400, 'file_type_not_allowed'],
      ['photo.txt', PNG, 400, 'file_type_mismatch'],
      ['tool.jar', ZIP, 400, 'file_type_not_allowed'],
      [
        'page.html',
        Buffer.from('<html><script>alert(1)</script></html>'),
        400,
        'file_type_not_allowed',
      ],
      [
        'icon.svg',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        400,
        'file_type_not_allowed',
      ],
      ['记录.txt', Buffer.from('整改\u0000记录'), 400, 'file_type_mismatch'],
      ['整改报告.pdf', PDF, 201, 'application/pdf', '整改报告.pdf'],
      ['现场照片.jpeg', JPEG, 201, 'image/jpeg', '现场照片.jpeg'],
      ['现场照片.PNG', PNG, 201, 'image/png', '现场照片.PNG'],
      [
        '台账.docx',
        ZIP,
        201,
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        '台账.docx',
      ],
      ['材料.zip', ZIP, 201, 'application/zip', '材料.zip'],
      ['名单.csv', Buffer.from('姓名,部门\n张三,D1\n'), 201, 'text/csv', '名单.csv'],
    ];
    const before = [storedFiles().length, await rows()];
    let accepted = 0;
    for (const [name, bytes, status, codeOrMime, storedName] of cases) {
      const res = await world.api.upload(findingId, 'dept1', name, bytes);
      expect({ name, status: res.status }).toEqual({ name, status });
      if (status === 400) {
        expect({ name, errors: res.body.errors }).toEqual({
          name,
          errors: [
            { field: 'file', code: codeOrMime, message: expect.stringContaining('file type') },
          ],
        });
        continue;
      }
      accepted++;
      expect({ name, mime: res.body.mimeType, filename: res.body.filename }).toEqual({
        name,
        mime: codeOrMime,
        filename: storedName,
      });
      const download = await fetch(`${stack.url}/api/evidence/${res.body.id}`, {
        headers: { authorization: `Bearer ${await world.api.token('office')}` },
      });
      expect(download.headers.get('content-type')).toContain(codeOrMime);
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(download.headers.get('content-security-policy')).toContain('sandbox');
      expect(download.headers.get('cache-control')).toContain('no-store');
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    }
    // A refused upload keeps nothing: one row per accepted file only.
    expect((await rows()) - (before[1] as number)).toBe(accepted);
  });

  it('makes names safe: no paths, control or invisible characters, device names or endless length', async () => {
    const cases: [string, string][] = [
      ['../../etc/passwd.txt', 'passwd.txt'],
      ['C:\\Windows\\System32\\evil.txt', 'evil.txt'],
      ['.htaccess.txt', 'htaccess.txt'],
      ['invoice\u202Egpj.txt', 'invoicegpj.txt'],
      ['CON.txt', '_CON.txt'],
      ['a\u0007b\u0000c.txt', 'abc.txt'],
      ['report<1>|2*?.txt', 'report12.txt'],
      [`${'很长的文件名'.repeat(60)}.txt`, `${'很长的文件名'.repeat(60).slice(0, 146)}.txt`],
    ];
    const token = await world.api.token('dept1');
    for (const [name, expected] of cases) {
      // Sent as filename*, so every character reaches the server as written.
      const res = await uploadRaw(
        stack.url,
        token,
        findingId,
        name,
        Buffer.from(`内容 ${expected}\n`),
      );
      const body = (await res.json()) as { filename?: string };
      expect({ name, status: res.status, filename: body.filename }).toEqual({
        name,
        status: 201,
        filename: expected,
      });
    }
    // A bidi override hiding an executable's extension ("invoice‮txt.exe" shows as
    // "invoiceexe.txt") is refused: the extension is read without the invisible characters.
    const hidden = await uploadRaw(
      stack.url,
      token,
      findingId,
      'invoice\u202Etxt.exe',
      Buffer.from('x'),
    );
    expect(hidden.status).toBe(400);
    expect(((await hidden.json()) as { errors: { code: string }[] }).errors[0].code).toBe(
      'file_type_not_allowed',
    );
    // A raw NUL in a plain multipart name header is refused by the parser, cleanly.
    const nul = await world.api.upload(findingId, 'dept1', 'a\u0000b.txt', '内容\n');
    expect(nul.status).toBe(400);
  });

  it('sends a Content-Disposition that quotes, newlines and Chinese cannot break', async () => {
    const original = '整改"报告"\r\nX-Injected: yes\r\n\r\n<b>.txt';
    const res = await uploadRaw(
      stack.url,
      await world.api.token('dept1'),
      findingId,
      original,
      Buffer.from('整改报告正文\n'),
    );
    expect(res.status).toBe(201);
    const stored = (await res.json()) as { id: string; filename: string };
    expect(stored.filename).toBe('整改报告X-Injected yes<b>.txt'.replace(/[<>]/g, ''));
    const download = await fetch(`${stack.url}/api/evidence/${stored.id}`, {
      headers: { authorization: `Bearer ${await world.api.token('dept1')}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('x-injected')).toBeNull();
    const disposition = download.headers.get('content-disposition') ?? '';
    expect(disposition).not.toMatch(/[\r\n]/);
    // An ASCII fallback in quotes, and the exact name as RFC 5987 UTF-8.
    const fallback =
      /^attachment; filename="((?:[^"\\]|\\.)*)"; filename\*=UTF-8''([A-Za-z0-9%!#$&+.^_`|~-]+)$/.exec(
        disposition,
      );
    expect(fallback).not.toBeNull();
    expect(decodeURIComponent(fallback![2])).toBe(stored.filename);
    expect(fallback![1]).toMatch(/^[\x20-\x7e]*$/);
  });

  it('stores the bytes under their SHA-256, once, outside anything the server serves', async () => {
    const bytes = Buffer.from(`同一份材料 ${Date.now()}\n`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const first = await world.api.upload(findingId, 'dept1', '一.txt', bytes);
    const second = await world.api.upload(findingId, 'office', '二.txt', bytes);
    expect([first.body.sha256, second.body.sha256]).toEqual([sha256, sha256]);
    expect(first.body.id).not.toBe(second.body.id);
    const file = path.join(evidenceRoot(), sha256.slice(0, 2), sha256);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(storedFiles().filter((p) => p.endsWith(sha256))).toHaveLength(1);
    // Not under the folder the web app is served from, nor under the sources.
    const webRoot = findWebRoot();
    expect(webRoot).toBe(WEB_ROOT);
    expect(path.relative(webRoot!, file).startsWith('..')).toBe(true);
    const home = await fetch(`${stack.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toBe(fs.readFileSync(path.join(WEB_ROOT, 'index.html'), 'utf8'));
    expect(path.relative(path.resolve(__dirname, '../..'), file).startsWith('..')).toBe(true);
    // Nothing but the authorised API route hands the bytes out.
    const office = await world.api.token('office');
    const probes = [
      `/evidence/${sha256.slice(0, 2)}/${sha256}`,
      `/${sha256}`,
      `/api/evidence/${sha256}`,
      `/api/evidence/..%2F..%2Fevidence%2F${sha256.slice(0, 2)}%2F${sha256}`,
      `/api/docs/..%2F..%2F${sha256}`,
    ];
    for (const probe of probes) {
      const res = await fetch(`${stack.url}${probe}`, {
        headers: { authorization: `Bearer ${office}` },
      });
      const body = Buffer.from(await res.arrayBuffer());
      expect({ probe, served: res.status === 200 && body.equals(bytes) }).toEqual({
        probe,
        served: false,
      });
    }
    const direct = await fetch(`${stack.url}/api/evidence/${first.body.id}`, {
      headers: { authorization: `Bearer ${office}` },
    });
    expect(Buffer.from(await direct.arrayBuffer()).equals(bytes)).toBe(true);
  });
});

/** Percent-encodes everything outside RFC 5987's attr-char (encodeURIComponent leaves !'()* alone). */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * A multipart upload written by hand, so the file name can carry what a browser would escape:
 * sent as RFC 5987 `filename*`, which busboy decodes back to quotes and line breaks.
 */
async function uploadRaw(
  url: string,
  token: string,
  findingId: string,
  filename: string,
  bytes: Buffer,
): Promise<Response> {
  const boundary = `----rectiflow${Date.now()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nreport\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''${rfc5987(filename)}\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return fetch(`${url}/api/findings/${findingId}/evidence`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    body,
  });
}
