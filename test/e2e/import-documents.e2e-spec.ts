import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseRectificationText } from '@rectiflow/importer';
import { docxText } from '@rectiflow/importer/documents';
import {
  AreaEntity,
  AuditEventEntity,
  FindingEntity,
  LongTermEntryEntity,
  MeasureEntity,
  ThemeEntity,
} from '@rectiflow/persistence';
import { genreDocx } from '../../libs/importer/src/test-support/word-documents';
import { ApiClient, type ApiResponse } from '../support/api-client';
import { generatedReport } from '../support/report-documents';
import { startStack, type TestStack } from '../support/stack';

const DOCUMENTS = path.resolve(__dirname, '../../libs/importer/test-documents');
const SAMPLE = readFileSync(
  path.resolve(__dirname, '../../../shared/samples/feedback-sample.txt'),
  'utf8',
);
const POLICE = readFileSync(path.join(DOCUMENTS, 'full-size/county-police-30.txt'), 'utf8');
const POLICE_PDF = readFileSync(path.join(DOCUMENTS, 'full-size/county-police-30.pdf'));

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

interface PreviewFinding {
  ref: number;
  title: string;
  measures: string[];
  longTerm: boolean;
  longTermEntry?: { title: string; progress: string; match: string };
  fromParsed?: number[];
}
interface PreviewArea {
  title: string;
  themes: { title: string; findings: PreviewFinding[] }[];
}

/**
 * Word and PDF reports through POST /rounds/:id/import, a preview corrected and confirmed, and
 * the long-term section's text kept and given back by the report, on a real Temporal server,
 * checking the answers against what landed in the read model.
 */
describe('importing Word and PDF reports, correcting the preview', () => {
  let stack: TestStack;
  let api: ApiClient;

  const newRound = async (title: string) => {
    const res = await api.post('/rounds', 'office', {
      title,
      source: 'inspection',
      feedbackDate: '2025-06-18',
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const importFile = (roundId: string, bytes: Buffer, name: string, query = '', type = '') => {
    const form = new FormData();
    form.append('file', new Blob([bytes], type ? { type } : {}), name);
    return api.request('POST', `/rounds/${roundId}/import${query}`, { as: 'office', raw: form });
  };
  const importText = (roundId: string, text: string) =>
    api.request('POST', `/rounds/${roundId}/import`, {
      as: 'office',
      raw: text,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  const importJson = (roundId: string, body: unknown, query = '') =>
    api.request('POST', `/rounds/${roundId}/import${query}`, { as: 'office', body });

  /** What the read model holds for a round: areas → themes → findings → measures, in order. */
  const storedTree = async (roundId: string) => {
    const ds = stack.dataSource;
    const areas = await ds
      .getRepository(AreaEntity)
      .find({ where: { roundId }, order: { seq: 'ASC' } });
    const themes = await ds
      .getRepository(ThemeEntity)
      .find({ where: { roundId }, order: { seq: 'ASC' } });
    const findings = await ds
      .getRepository(FindingEntity)
      .find({ where: { roundId }, order: { seq: 'ASC' } });
    const measures = await ds.getRepository(MeasureEntity).find({ order: { seq: 'ASC' } });
    const entries = await ds.getRepository(LongTermEntryEntity).findBy({ roundId });
    return areas.map((a) => ({
      title: a.title,
      themes: themes
        .filter((t) => t.areaId === a.id)
        .map((t) => ({
          title: t.title,
          findings: findings
            .filter((f) => f.themeId === t.id)
            .map((f) => {
              const entry = entries.find((e) => e.findingId === f.id);
              return {
                title: f.title,
                measures: measures.filter((m) => m.findingId === f.id).map((m) => m.text),
                longTerm: f.longTerm,
                longTermEntry: entry ? { title: entry.title, progress: entry.progress } : null,
              };
            }),
        })),
    }));
  };
  const reportMarkdown = async (roundId: string) => {
    const res = await fetch(`${api.baseUrl}/api/rounds/${roundId}/report?format=md`, {
      headers: { authorization: `Bearer ${await api.token('office')}` },
    });
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    stack = await startStack();
    api = new ApiClient(stack.url);
    await api.loadDemo();
  });

  afterAll(async () => {
    await stack?.close();
  });

  describe('the shared sample as .docx gives the same tree as its text', () => {
    let fromText: unknown;

    beforeAll(async () => {
      const roundId = await newRound('样本文本');
      expect((await importText(roundId, SAMPLE)).status).toBe(201);
      fromText = await storedTree(roundId);
    });

    it('written with Word’s automatic numbering (docx library)', async () => {
      const roundId = await newRound('样本Word');
      const res = await importFile(roundId, await genreDocx(SAMPLE), '县水务局整改进展情况.docx');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        areas: 3,
        themes: 6,
        findings: 9,
        measures: 22,
        longTermItems: 1,
        document: { kind: 'docx', filename: '县水务局整改进展情况.docx' },
      });
      expect(res.body.document.numbered).toBeGreaterThanOrEqual(20);
      expect(res.body.findingIds).toHaveLength(9);
      expect(await storedTree(roundId)).toEqual(fromText);
    });

    it('and rectiflow’s own report of that round, downloaded as .docx, imports back the same', async () => {
      const source = await newRound('样本再导入');
      expect((await importText(source, SAMPLE)).status).toBe(201);
      const report = await fetch(`${api.baseUrl}/api/rounds/${source}/report?format=docx`, {
        headers: { authorization: `Bearer ${await api.token('office')}` },
      });
      expect(report.headers.get('content-type')).toBe(DOCX_TYPE);
      const roundId = await newRound('报告再导入');
      const res = await importFile(
        roundId,
        Buffer.from(await report.arrayBuffer()),
        '整改进展情况的通报.docx',
      );
      expect(res.status).toBe(201);
      expect(await storedTree(roundId)).toEqual(fromText);
    });
  });

  describe('a 30-finding report as .docx and as .pdf', () => {
    it('both give the tree and publication of its text, and store the long-term entries', async () => {
      const expected = parseRectificationText(POLICE, { defaultYear: 2025 });
      const docxRound = await newRound('公安局Word');
      const docx = await importFile(docxRound, await genreDocx(POLICE, 'outline'), '通报.docx');
      const pdfRound = await newRound('公安局PDF');
      const pdf = await importFile(pdfRound, POLICE_PDF, '通报.pdf', '', 'application/pdf');
      for (const res of [docx, pdf]) {
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ ...expected.counts, publication: expected.publication });
      }
      expect(pdf.body.document).toMatchObject({ kind: 'pdf', pages: 8 });
      expect(await storedTree(pdfRound)).toEqual(await storedTree(docxRound));
      const entries = await stack.dataSource
        .getRepository(LongTermEntryEntity)
        .find({ where: { roundId: pdfRound }, order: { title: 'ASC' } });
      expect(entries.map((e) => [e.title, e.matchedBy])).toEqual([
        ['执法办案管理中心功能发挥不充分', 'title'],
        ['持续推进交警部门营区搬迁计划落地', 'words'],
        ['持续推进基层警务用房标准化建设', 'own'],
      ]);
      const audit = await stack.dataSource
        .getRepository(AuditEventEntity)
        .findOneByOrFail({ entityId: pdfRound, action: 'round.imported' });
      expect(JSON.parse(audit.data)).toMatchObject({
        source: 'pdf',
        document: { kind: 'pdf', filename: '通报.pdf', bytes: POLICE_PDF.length },
        longTermEntries: 3,
      });
    });

    it('section 三 of the generated report tells each long-term item in its imported words', async () => {
      const roundId = await newRound('公安局报告');
      expect((await importFile(roundId, POLICE_PDF, '通报.pdf')).status).toBe(201);
      const markdown = await reportMarkdown(roundId);
      const section = markdown.slice(
        markdown.indexOf('三、需长期整改事项'),
        markdown.indexOf('四、'),
      );
      expect(section).toContain(
        '（二）持续推进交警部门营区搬迁计划落地（对应问题：办公用房使用和管理不规范，交警大队营区办公用房长期租用，存在安全隐患）。' +
          '营区搬迁项目已纳入县重点项目库，选址已初步确定，正在办理用地审批手续，计划2026年底前完成主体工程建设，2027年6月前搬迁入驻。',
      );
      expect(section).toContain(
        '（一）执法办案管理中心功能发挥不充分。需结合执法办案管理中心智能化改造分步推进',
      );
      // The report imported again ties every entry to the same finding, without a guess.
      const again = parseRectificationText(markdown);
      expect(again.warnings.filter((w) => w.includes('文字相近'))).toEqual([]);
      expect(again.counts).toEqual(parseRectificationText(POLICE).counts);
    });
  });

  describe('files that cannot be read', () => {
    it('a scanned PDF is refused with 400 naming the file and saying it has no text layer', async () => {
      const roundId = await newRound('扫描件');
      const res = await importFile(
        roundId,
        readFileSync(path.join(DOCUMENTS, 'scanned-page.pdf')),
        '扫描件.pdf',
      );
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { field: 'file', code: 'scanned_pdf', message: expect.stringContaining('没有文字层') },
      ]);
      expect(res.body.message).toEqual([expect.stringMatching(/^file: PDF 没有文字层/)]);
      expect(await stack.dataSource.getRepository(FindingEntity).countBy({ roundId })).toBe(0);
    });

    it('a password, an old .doc, a .pdf that is none and a broken .docx are refused the same way', async () => {
      const roundId = await newRound('坏文件');
      const cases: [Buffer, string, string][] = [
        [readFileSync(path.join(DOCUMENTS, 'password-protected.pdf')), '加密.pdf', 'encrypted_pdf'],
        [
          Buffer.from('\u00d0\u00cf\u0011\u00e0 old word', 'latin1'),
          '旧版.doc',
          'unsupported_type',
        ],
        [Buffer.from('PK\u0003\u0004 not a pdf'), '伪装.pdf', 'invalid_pdf'],
        [Buffer.from('PK\u0003\u0004 broken'), '损坏.docx', 'invalid_docx'],
      ];
      for (const [bytes, name, code] of cases) {
        const res = await importFile(roundId, bytes, name, '?dryRun=true');
        expect([name, res.status, res.body.errors?.[0]?.code]).toEqual([name, 400, code]);
      }
    });
  });

  describe('a preview corrected before confirming', () => {
    let roundId: string;
    let preview: ApiResponse;
    let corrected: PreviewArea[];

    /** The preview's tree, every finding naming where it came from. */
    const asCorrectable = (areas: PreviewArea[]): PreviewArea[] =>
      areas.map((a) => ({
        ...a,
        themes: a.themes.map((t) => ({
          ...t,
          findings: t.findings.map((f) => ({ ...f, fromParsed: [f.ref] })),
        })),
      }));
    const find = (areas: PreviewArea[], ref: number) => {
      for (const a of areas)
        for (const t of a.themes) {
          const i = t.findings.findIndex((f) => f.ref === ref);
          if (i >= 0) return { list: t.findings, i, finding: t.findings[i] };
        }
      throw new Error(`no finding ${ref}`);
    };
    /** Only the fields of the JSON import shape (API.md) and its additions. */
    const body = (areas: PreviewArea[]) => ({
      areas: areas.map((a) => ({
        title: a.title,
        themes: a.themes.map((t) => ({
          title: t.title,
          findings: t.findings.map((f) => ({
            title: f.title,
            measures: f.measures,
            longTerm: f.longTerm,
            ...(f.longTermEntry
              ? {
                  longTermEntry: {
                    title: f.longTermEntry.title,
                    progress: f.longTermEntry.progress,
                  },
                }
              : {}),
            fromParsed: f.fromParsed,
          })),
        })),
      })),
      publication: preview.body.publication,
      origin: preview.body.origin,
    });

    beforeAll(async () => {
      roundId = await newRound('纠正后导入');
      preview = await importFile(
        roundId,
        await genreDocx(POLICE, 'outline'),
        '通报.docx',
        '?dryRun=true',
      );
      expect(preview.status).toBe(200);
      expect(typeof preview.body.origin).toBe('string');
      const tree = preview.body.tree as PreviewArea[];
      expect(tree.flatMap((a) => a.themes.flatMap((t) => t.findings)).map((f) => f.ref)).toEqual(
        Array.from({ length: 31 }, (_, i) => i),
      );
      corrected = asCorrectable(tree);
      // A title cut at the wrong place.
      find(corrected, 3).finding.title = '优化营商环境举措不多';
      // A measure reworded.
      find(corrected, 5).finding.measures[0] =
        '对全县农村地区治安状况进行全面分析研判，形成研判报告';
      // A finding moved to another theme.
      const moved = find(corrected, 9);
      moved.list.splice(moved.i, 1);
      corrected[1].themes[0].findings.push(moved.finding);
      // One finding that should be two.
      const split = find(corrected, 12);
      split.list.splice(
        split.i,
        1,
        {
          ...split.finding,
          title: '重点领域廉政风险排查不深入',
          measures: [split.finding.measures[0]],
        },
        { ...split.finding, title: '防控措施针对性不强', measures: [split.finding.measures[1]] },
      );
      // Two findings that should be one.
      const second = find(corrected, 27);
      second.list.splice(second.i, 1);
      const first = find(corrected, 26).finding;
      first.title = '党员教育管理和发展党员工作不够规范';
      first.measures = [...first.measures, ...second.finding.measures];
      first.fromParsed = [26, 27];
      // The long-term entry the parser made a finding of belongs to a listed one; its own
      // finding and the area made for it go.
      const own = find(corrected, 30).finding;
      const target = find(corrected, 24).finding;
      target.longTerm = true;
      target.longTermEntry = own.longTermEntry;
      corrected.pop();
    });

    it('a dry run of the corrected tree lists every correction against the parsed document', async () => {
      const dry = await importJson(roundId, body(corrected), '?dryRun=true');
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({ findings: 30, longTermItems: 3, findingIds: [] });
      expect(dry.body.corrections.map((c: { kind: string }) => c.kind)).toEqual([
        'retitled',
        'measures',
        'moved',
        'split',
        'longTerm',
        'merged',
        'dropped',
        'themes',
      ]);
      expect(await stack.dataSource.getRepository(FindingEntity).countBy({ roundId })).toBe(0);
    });

    it('confirming creates the corrected tree, audits the corrections and keeps the moved entry', async () => {
      const res = await importJson(roundId, body(corrected));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        areas: 3,
        findings: 30,
        longTermItems: 3,
        document: { kind: 'docx', filename: '通报.docx' },
      });
      expect(res.body.findingIds).toHaveLength(30);
      const stored = await storedTree(roundId);
      const titles = stored.flatMap((a) => a.themes.flatMap((t) => t.findings.map((f) => f.title)));
      expect(titles).toContain('优化营商环境举措不多');
      expect(titles).toContain('防控措施针对性不强');
      expect(titles).toContain('党员教育管理和发展党员工作不够规范');
      expect(titles).not.toContain('持续推进基层警务用房标准化建设');
      expect(stored[1].themes[0].findings.map((f) => f.title)).toContain(
        '执法监督管理机制作用发挥不够',
      );

      const entries = await stack.dataSource.getRepository(LongTermEntryEntity).findBy({ roundId });
      const findings = await stack.dataSource.getRepository(FindingEntity).findBy({ roundId });
      const titleOf = (id: string) => findings.find((f) => f.id === id)?.title;
      expect(entries.map((e) => [titleOf(e.findingId), e.title, e.matchedBy]).sort()).toEqual(
        [
          ['执法办案管理中心功能发挥不充分', '执法办案管理中心功能发挥不充分', 'title'],
          [
            '办公用房使用和管理不规范，交警大队营区办公用房长期租用，存在安全隐患',
            '持续推进交警部门营区搬迁计划落地',
            'words',
          ],
          ['基层所队警力配置不够合理', '持续推进基层警务用房标准化建设', 'office'],
        ].sort(),
      );

      const audit = await stack.dataSource
        .getRepository(AuditEventEntity)
        .findOneByOrFail({ entityId: roundId, action: 'round.imported' });
      const data = JSON.parse(audit.data);
      expect(data.source).toBe('docx');
      expect(data.document).toMatchObject({
        kind: 'docx',
        filename: '通报.docx',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(data.document.bytes).toBeGreaterThan(5000);
      expect(data.corrections).toContainEqual({
        kind: 'retitled',
        ref: 3,
        from: '优化营商环境举措不多，涉企警情处置效率不高',
        to: '优化营商环境举措不多',
      });
      expect(data.corrections).toContainEqual(
        expect.objectContaining({ kind: 'merged', refs: [26, 27] }),
      );
      expect(data.corrections).toContainEqual({
        kind: 'longTerm',
        ref: 24,
        title: '基层所队警力配置不够合理',
        from: { longTerm: false, entry: null },
        to: {
          longTerm: true,
          entry: {
            title: '持续推进基层警务用房标准化建设',
            progress:
              '全县还有5个派出所业务用房不达标，已制定三年建设计划，2025年完成2个，2026年完成2个，2027年完成1个',
          },
        },
      });
      expect(data.corrections).toContainEqual({
        kind: 'dropped',
        ref: 30,
        title: '持续推进基层警务用房标准化建设',
      });
      const verify = await api.get('/audit/verify', 'office');
      expect(verify.body.ok).toBe(true);

      expect(await reportMarkdown(roundId)).toContain(
        '（三）持续推进基层警务用房标准化建设（对应问题：基层所队警力配置不够合理）。全县还有5个派出所业务用房不达标',
      );
    });

    it('a tampered origin and a ref the preview did not have are refused, naming the field', async () => {
      const other = await newRound('纠正失败');
      const forged = body(corrected);
      const [version, payload, mac] = (forged.origin as string).split('.');
      const doc = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      doc.areas[0].themes[0].findings[0].title = '改过的解析结果';
      forged.origin = `${version}.${Buffer.from(JSON.stringify(doc)).toString('base64url')}.${mac}`;
      const tampered = await importJson(other, forged);
      expect(tampered.status).toBe(400);
      expect(tampered.body.errors).toEqual([
        expect.objectContaining({ field: 'origin', code: 'invalid_origin' }),
      ]);
      const unknownRef = body(corrected);
      unknownRef.areas[0].themes[0].findings[0].fromParsed = [99];
      const bad = await importJson(other, unknownRef);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual([
        'areas.0.themes.0.findings.0.fromParsed: no previewed finding 99',
      ]);
      expect(await stack.dataSource.getRepository(FindingEntity).countBy({ roundId: other })).toBe(
        0,
      );
    });

    it('an import rolled back takes its long-term entries with its findings', async () => {
      const other = await newRound('删除连带');
      const res = await importFile(other, POLICE_PDF, '通报.pdf');
      expect(res.status).toBe(201);
      const repo = stack.dataSource.getRepository(LongTermEntryEntity);
      expect(await repo.countBy({ roundId: other })).toBe(3);
      // What a rollback does to the findings it created (FindingCreationService.rollBack).
      await stack.dataSource.getRepository(FindingEntity).delete({ roundId: other });
      expect(await repo.countBy({ roundId: other })).toBe(0);
    });
  });

  it('reading a 100-finding .docx keeps the API’s event loop free', async () => {
    const text = generatedReport(5, 4, 5);
    const docx = await genreDocx(text, 'outline');
    // What the same work costs when done on the calling thread (a second run: warmed up).
    await docxText(docx);
    let started = performance.now();
    await docxText(docx);
    const inThreadMs = performance.now() - started;
    parseRectificationText(text);

    const roundId = await newRound('百项问题');
    // Twice, keeping the calmer run: on a shared machine another process may take the CPU
    // from this one for a moment, which shows as delay however the work is done.
    const runs: { maxDelayMs: number; requestMs: number; res: ApiResponse }[] = [];
    for (let i = 0; i < 2; i++) {
      const loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
      started = performance.now();
      const res = await importFile(roundId, docx, '百项问题.docx', '?dryRun=true');
      const requestMs = performance.now() - started;
      loop.disable();
      expect(res.status).toBe(200);
      expect(res.body.findings).toBe(100);
      runs.push({ maxDelayMs: loop.max / 1e6, requestMs, res });
    }
    const { maxDelayMs, requestMs, res } = runs.sort((a, b) => a.maxDelayMs - b.maxDelayMs)[0];
    console.log(
      `100-finding .docx: ${docx.length} bytes; request ${Math.round(requestMs)} ms, read and parsed in ` +
        `its thread in ${res.body.document.readMs} ms; the API's event loop was held up at most ` +
        `${Math.round(maxDelayMs)} ms (reading it on the calling thread blocks it ${Math.round(inThreadMs)} ms)`,
    );
    // The API runs in this process: its event loop is this one.
    expect(maxDelayMs).toBeLessThan(Math.max(100, inThreadMs / 2));
  });
});
