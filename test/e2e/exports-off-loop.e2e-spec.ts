import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { LEDGER_SHEET, SCORECARD_SHEET } from '@rectiflow/reports';
import { ExportPool } from '../../apps/api/src/exports/export-pool';
import { ApiClient } from '../support/api-client';
import { assignedRoundTree } from '../support/assigned-round-tree';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';

const FINDINGS = 2000;

/**
 * Export files are built on worker threads (piscina), not on the API's event loop, and only so
 * many are in flight at once: here one per user and two in all (EXPORT_CONCURRENCY_PER_USER,
 * EXPORT_CONCURRENCY); beyond them 429 with `Retry-After` and `code: "export_busy"`. Speed is
 * the bench's business (scripts/bench.mjs); this checks what cannot flake: the files are whole,
 * the limits hold (the builds are held at a gate the test opens, so what is in flight is known),
 * and the API answers /health while a 2,000-finding ledger is being built.
 */
describe('exports off the event loop, with a limit in flight', () => {
  let stack: TestStack;
  let api: ApiClient;
  let roundId: string;

  beforeAll(async () => {
    stack = await startStack({ EXPORT_CONCURRENCY_PER_USER: '1', EXPORT_CONCURRENCY: '2' });
    api = new ApiClient(stack.url);
    await api.loadDemo();
    roundId = (
      await api.post('/rounds', 'office', { title: '县委第五巡察组反馈意见', source: 'audit' })
    ).body.id as string;
    const imported = await api.post(
      `/rounds/${roundId}/import`,
      'office',
      assignedRoundTree(FINDINGS),
    );
    expect(imported.status).toBe(201);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await stack?.close();
  });

  const bytes = async (path: string, as: string) => {
    const res = await fetch(`${api.baseUrl}/api${path}`, {
      headers: { authorization: `Bearer ${await api.token(as)}` },
    });
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, body };
  };
  const workbook = async (body: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    return wb;
  };

  it('builds whole files: the ledger lists every finding, the report and scorecard read back', async () => {
    const ledger = await bytes(`/rounds/${roundId}/ledger.xlsx`, 'office');
    expect(ledger.status).toBe(200);
    const sheet = (await workbook(ledger.body)).getWorksheet(LEDGER_SHEET)!;
    const listed = (await api.get(`/findings?roundId=${roundId}&pageSize=1`, 'office')).body;
    expect(listed.total).toBe(FINDINGS);
    const codes = new Set<string>();
    sheet.eachRow((row) => {
      const code = String(row.getCell(1).value ?? '');
      if (/\d{3}/.test(code)) codes.add(code);
    });
    expect(codes.size).toBe(listed.total);

    const report = await bytes(`/rounds/${roundId}/report?format=docx`, 'office');
    expect(report.status).toBe(200);
    const { value: text } = await mammoth.extractRawText({ buffer: report.body });
    expect(text).toContain('问题2000：相关制度执行不到位');

    const md = await bytes(`/rounds/${roundId}/report?format=md`, 'office');
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(md.body.toString('utf8')).toContain('问题1：相关制度执行不到位');

    const scorecard = await bytes(`/scorecard.xlsx?roundId=${roundId}`, 'office');
    expect(scorecard.status).toBe(200);
    const scored = (await workbook(scorecard.body)).getWorksheet(SCORECARD_SHEET)!;
    const names: string[] = [];
    scored.eachRow((row) => names.push(String(row.getCell(4).value ?? '')));
    const d1 = (await api.get('/departments', 'office')).body.items.find(
      (d: { code: string }) => d.code === 'D1',
    );
    expect(names).toContain(d1.name);
  });

  it('answers 429 with Retry-After beyond one export per user and two in all; frees the slots after', async () => {
    const pool = stack.app.get(ExportPool);
    // The ledger is read and built on a thread (ExportPool.read): held at the gate before it.
    const read = pool.read.bind(pool);
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let entered = 0;
    const spy = jest.spyOn(pool, 'read').mockImplementation(async (task) => {
      entered++;
      await gate;
      return read(task);
    });
    try {
      const first = bytes(`/rounds/${roundId}/ledger.xlsx`, 'office');
      await pollUntil('the first export at its build', async () => entered === 1);

      // The same user again, on another export: their one slot is taken.
      const again = await bytes(`/scorecard.xlsx?roundId=${roundId}`, 'office');
      expect(again.status).toBe(429);
      expect(Number(again.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(again.body.toString('utf8'))).toMatchObject({
        code: 'export_busy',
        scope: 'user',
      });

      // Another user still gets a slot of the two…
      const second = bytes(`/rounds/${roundId}/ledger.xlsx`, 'supervisor');
      await pollUntil('the second export at its build', async () => entered === 2);
      // …and a third user finds both taken.
      const third = await bytes(`/rounds/${roundId}/report?format=docx`, 'committee');
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(third.body.toString('utf8'))).toMatchObject({
        code: 'export_busy',
        scope: 'all',
      });
      expect(entered).toBe(2);

      open();
      for (const done of await Promise.all([first, second])) {
        expect(done.status).toBe(200);
        expect((await workbook(done.body)).getWorksheet(LEDGER_SHEET)).toBeDefined();
      }
    } finally {
      open();
      spy.mockRestore();
    }
    // Both finished: the slots are free again.
    const later = await bytes(`/scorecard.xlsx?roundId=${roundId}`, 'office');
    expect(later.status).toBe(200);
    const committee = await bytes(`/rounds/${roundId}/report?format=docx`, 'committee');
    expect(committee.status).toBe(200);
  });

  it('a burst of one user’s exports answers only 200 or 429 (with Retry-After)', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 4 }, () => bytes(`/rounds/${roundId}/ledger.xlsx`, 'office')),
    );
    // Whether a later one finds the user's single slot free again depends on timing; that none
    // fails otherwise, that the first wins and that every 429 says when to retry does not.
    expect(statuses.map((r) => r.status).filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(statuses.map((r) => r.status)).toContain(200);
    for (const r of statuses.filter((r) => r.status === 429))
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('answers /health while a 2,000-finding ledger is being built', async () => {
    const pool = stack.app.get(ExportPool);
    const read = pool.read.bind(pool);
    let building = false;
    let built = false;
    const spy = jest.spyOn(pool, 'read').mockImplementation(async (task) => {
      building = true;
      try {
        return await read(task);
      } finally {
        built = true;
      }
    });
    try {
      const ledger = bytes(`/rounds/${roundId}/ledger.xlsx`, 'dept1head');
      await pollUntil('the ledger at its build', async () => building);
      const health = await fetch(`${api.baseUrl}/api/health`);
      // Answered while the workbook was still being read and built: neither is on this loop.
      const answeredDuringBuild = !built;
      expect(health.status).toBe(200);
      expect(answeredDuringBuild).toBe(true);
      expect((await ledger).status).toBe(200);
      expect(built).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });
});
