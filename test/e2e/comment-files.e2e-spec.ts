import { createHash } from 'node:crypto';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * Files on a finding's discussion: uploaded under the evidence upload rules (size limit, type by
 * the bytes, SHA-256), then carried by the comment that names them in `fileIds`; shown with the
 * thread, downloadable by whoever sees the finding, in the audit log.
 */
const LIMIT = 64 * 1024;
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'),
  Buffer.alloc(64, 0x20),
]);
const EXE = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.from([0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]),
  Buffer.alloc(48),
  Buffer.from('PE\0\0'),
  Buffer.alloc(64),
]);

describe('files on a finding’s discussion', () => {
  let stack: TestStack;
  let world: World;
  let findingId: string;

  beforeAll(async () => {
    stack = await startStack({ UPLOAD_MAX_BYTES: String(LIMIT) });
    world = await World.create(stack);
    findingId = await world.createFinding({ dept: 'D1' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  const upload = (as: string, name: string, bytes: Buffer | string, finding = findingId) => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    return world.api.request('POST', `/findings/${finding}/comment-files`, { as, raw: form });
  };

  it('carries uploaded files with a comment, shows them in the thread and serves their bytes', async () => {
    const api = world.api;
    const pdf = await upload('dept1', '整改台账.pdf', PDF);
    expect(pdf.status).toBe(201);
    expect(pdf.body).toMatchObject({
      filename: '整改台账.pdf',
      mimeType: 'application/pdf',
      size: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
    });
    const text = await upload('dept1', '说明.txt', '补充说明\n');
    expect(text.status).toBe(201);

    const comment = await api.post(`/findings/${findingId}/comments`, 'dept1', {
      text: '台账见附件',
      fileIds: [pdf.body.id, text.body.id],
    });
    expect(comment.status).toBe(201);
    expect(comment.body.files.map((f: { id: string }) => f.id)).toEqual([
      pdf.body.id,
      text.body.id,
    ]);
    const thread = await api.get(`/findings/${findingId}/comments`, 'office');
    const shown = thread.body.items.find((c: { id: string }) => c.id === comment.body.id);
    expect(shown.files).toEqual(comment.body.files);
    // A comment without files says so.
    const plain = await api.post(`/findings/${findingId}/comments`, 'office', { text: '收到' });
    expect(plain.body.files).toEqual([]);

    const res = await fetch(`${stack.url}/api/comment-files/${pdf.body.id}`, {
      headers: { authorization: `Bearer ${await api.token('leader1')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
    // Another department, another unit: not theirs to read.
    expect((await api.get(`/comment-files/${pdf.body.id}`, 'dept2')).status).toBe(403);
    expect((await api.get(`/comment-files/${pdf.body.id}`, 'u2office')).status).toBe(404);

    const audit = await api.get(`/audit?entityId=${findingId}&pageSize=200`, 'office');
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['comment_file.uploaded', 'comment_file.downloaded', 'comment.added']),
    );
    // The finding's 办理过程 shows them too (the test client holds every line to have a label).
    const history = (await api.get(`/findings/${findingId}`, 'office')).body.history;
    expect(history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['comment_file.uploaded', 'comment_file.downloaded']),
    );
    const added = audit.body.items.find(
      (e: { action: string; data: { commentId: string } }) =>
        e.action === 'comment.added' && e.data.commentId === comment.body.id,
    );
    expect(added.data.files).toEqual([
      { id: pdf.body.id, filename: '整改台账.pdf', sha256: pdf.body.sha256 },
      { id: text.body.id, filename: '说明.txt', sha256: text.body.sha256 },
    ]);
  });

  it('refuses what the evidence rules refuse: too large, a type not allowed, no file', async () => {
    const over = await upload('dept1', '台账.txt', 'x'.repeat(LIMIT + 1));
    expect(over.status).toBe(413);
    expect(over.body.errors[0]).toMatchObject({ field: 'file', code: 'file_too_large' });
    const exe = await upload('dept1', 'tool.exe', EXE);
    expect(exe.status).toBe(400);
    expect(exe.body.errors[0]).toMatchObject({ field: 'file', code: 'file_type_not_allowed' });
    const disguised = await upload('dept1', '台账.pdf', EXE);
    expect(disguised.status).toBe(400);
    const none = await world.api.request('POST', `/findings/${findingId}/comment-files`, {
      as: 'dept1',
      raw: new FormData(),
    });
    expect(none.status).toBe(400);
    expect((await upload('dept2', '台账.txt', 'x')).status).toBe(403);
  });

  it('takes only the caller’s own files of this finding that no comment carries yet', async () => {
    const api = world.api;
    const mine = await upload('dept1', '台账.txt', '一\n');
    const theirs = await upload('dept1head', '台账.txt', '二\n');
    const elsewhere = await world.createFinding({ dept: 'D1' });
    const other = await upload('dept1', '台账.txt', '三\n', elsewhere);
    const before = (await api.get(`/findings/${findingId}/comments`, 'office')).body.total;
    for (const fileIds of [[theirs.body.id], [other.body.id], [mine.body.id, theirs.body.id]]) {
      const res = await api.post(`/findings/${findingId}/comments`, 'dept1', {
        text: '附件',
        fileIds,
      });
      expect({ fileIds, status: res.status }).toEqual({ fileIds, status: 400 });
      expect(res.body.errors[0]).toMatchObject({ field: 'fileIds', code: 'unknown_file' });
    }
    // Nothing was half-written: no comment, and the own file is still free.
    expect((await api.get(`/findings/${findingId}/comments`, 'office')).body.total).toBe(before);
    const ok = await api.post(`/findings/${findingId}/comments`, 'dept1', {
      text: '附件',
      fileIds: [mine.body.id],
    });
    expect(ok.status).toBe(201);
    const again = await api.post(`/findings/${findingId}/comments`, 'dept1', {
      text: '再附一次',
      fileIds: [mine.body.id],
    });
    expect(again.status).toBe(400);
    const tooMany = await api.post(`/findings/${findingId}/comments`, 'dept1', {
      text: '多',
      fileIds: Array.from({ length: 11 }, () => crypto.randomUUID()),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].field).toBe('fileIds');
  });
});
