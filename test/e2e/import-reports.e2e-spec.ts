import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { parseRectificationText, type ParsedArea } from '@rectiflow/importer';
import {
  AreaEntity,
  AuditEventEntity,
  FindingEntity,
  RoundEntity,
  TaskEntity,
  ThemeEntity,
} from '@rectiflow/persistence';
import {
  IMPORT_SHEET,
  LEDGER_COLUMNS,
  LEDGER_SHEET,
  ROUND_SUMMARY_ROWS,
  ROUND_SUMMARY_SHEET,
  SUMMARY_SHEET,
} from '@rectiflow/reports';
import { ApiClient, type ApiResponse } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';

const SAMPLE = readFileSync(
  path.resolve(__dirname, '../../../shared/samples/feedback-sample.txt'),
  'utf8',
);

/** What an import stores and a report must give back: titles, measures, long-term flags. */
function tree(areas: ParsedArea[]) {
  return areas.map((a) => ({
    title: a.title,
    themes: a.themes.map((t) => ({
      title: t.title,
      findings: t.findings.map((f) => ({
        title: f.title,
        measures: f.measures,
        longTerm: f.longTerm,
      })),
    })),
  }));
}

async function binary(
  api: ApiClient,
  pathname: string,
  as: string,
): Promise<{ status: number; type: string | null; disposition: string | null; body: Buffer }> {
  const res = await fetch(`${api.baseUrl}/api${pathname}`, {
    headers: { authorization: `Bearer ${await api.token(as)}` },
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

async function workbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

/**
 * Import (text, JSON, XLSX), the ledger, the progress report and the dashboard over HTTP, on a
 * real Temporal server, checking the answers against what landed in the read model.
 */
describe('import, ledger, report and dashboard over HTTP', () => {
  let stack: TestStack;
  let api: ApiClient;

  const newRound = async (title: string) => {
    const res = await api.post('/rounds', 'office', {
      title,
      source: 'inspection',
      feedbackDate: '2025-05-20',
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const importText = (roundId: string, text: string, query = '', as = 'office') =>
    api.request('POST', `/rounds/${roundId}/import${query}`, {
      as,
      raw: text,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  const importJson = (roundId: string, body: unknown, query = '') =>
    api.request('POST', `/rounds/${roundId}/import${query}`, { as: 'office', body });
  const importXlsx = (roundId: string, content: Buffer, query = '') => {
    const form = new FormData();
    form.append('file', new Blob([content]), '问题清单.xlsx');
    return api.request('POST', `/rounds/${roundId}/import${query}`, { as: 'office', raw: form });
  };
  const countRows = async (roundId: string) => ({
    findings: await stack.dataSource.getRepository(FindingEntity).countBy({ roundId }),
    tasks: await stack.dataSource.getRepository(TaskEntity).countBy({ roundId }),
    areas: await stack.dataSource.getRepository(AreaEntity).countBy({ roundId }),
    themes: await stack.dataSource.getRepository(ThemeEntity).countBy({ roundId }),
  });
  const nothing = { findings: 0, tasks: 0, areas: 0, themes: 0 };

  beforeAll(async () => {
    stack = await startStack();
    api = new ApiClient(stack.url);
    await api.loadDemo();
  });

  afterAll(async () => {
    await stack?.close();
  });

  describe('the shared sample as text', () => {
    let roundId: string;
    let imported: ApiResponse;

    beforeAll(async () => {
      roundId = await newRound('县委第二轮巡察');
      imported = await importText(roundId, SAMPLE);
    });

    it('answers with exactly its counts and publication block, every workflow started', async () => {
      expect(imported.status).toBe(201);
      expect(imported.body).toMatchObject({
        areas: 3,
        themes: 6,
        findings: 9,
        measures: 22,
        longTermItems: 1,
        publication: {
          from: '2025-09-01',
          to: '2025-09-15',
          phone: '0000-12345678',
          email: 'zhenggai@example.org',
          address: '某省某市青溪县滨河路1号青溪县水务局巡察整改办公室',
          postcode: '000000',
        },
      });
      expect(imported.body.warnings).toHaveLength(2);
      expect(imported.body.findingIds).toHaveLength(9);
      // Answered only once every first task was in the read model: no polling needed.
      const tasks = await stack.dataSource
        .getRepository(TaskEntity)
        .findBy({ roundId, kind: 'assign', status: 'open' });
      expect(new Set(tasks.map((t) => t.findingId))).toEqual(new Set(imported.body.findingIds));
      const inbox = await api.get(`/inbox?kind=assign&roundId=${roundId}&pageSize=500`, 'office');
      expect(inbox.body.total).toBe(9);
    });

    it('stores the tree in document order, the long-term mark and the publication on the round', async () => {
      const areas = await stack.dataSource
        .getRepository(AreaEntity)
        .find({ where: { roundId }, order: { seq: 'ASC' } });
      expect(areas.map((a) => a.title)).toEqual([
        '聚焦落实党中央决策部署和县委工作要求方面',
        '聚焦全面从严治党方面',
        '聚焦基层党组织建设方面',
      ]);
      const themes = await stack.dataSource
        .getRepository(ThemeEntity)
        .find({ where: { areaId: areas[1].id }, order: { seq: 'ASC' } });
      expect(themes.map((t) => t.title)).toEqual([
        '廉政风险防控机制不健全',
        '财务管理制度执行不严格',
      ]);
      const findings = (await api.get(`/findings?roundId=${roundId}&pageSize=500`, 'office')).body
        .items;
      expect(findings.map((f: { code: string }) => f.code)).toEqual([
        '001',
        '002',
        '003',
        '004',
        '005',
        '006',
        '007',
        '008',
        '009',
      ]);
      expect(
        findings
          .filter((f: { longTerm: boolean }) => f.longTerm)
          .map((f: { title: string }) => f.title),
      ).toEqual(['部分农村供水工程建设进度滞后']);
      expect(findings.every((f: { stage: string }) => f.stage === 'assign')).toBe(true);
      const detail = await api.get(`/findings/${findings[5].id}`, 'office');
      expect(detail.body.measures.map((m: { text: string }) => m.text)).toEqual([
        '对2023年以来的财务凭证进行全面清查，补齐附件材料，对相关经办人员进行批评教育，并组织财务人员开展专题培训',
      ]);
      const round = await api.get(`/rounds/${roundId}`, 'office');
      expect(round.body.publication).toEqual(imported.body.publication);
      expect(round.body.counts.total).toBe(9);
      const audit = await stack.dataSource
        .getRepository(AuditEventEntity)
        .findBy({ entityId: roundId, action: 'round.imported' });
      expect(audit).toHaveLength(1);
    });

    it('keeps the long-term mark when the office assigns without mentioning it', async () => {
      const [first] = imported.body.findingIds as string[];
      const task = await api.taskFor('office', first, 'assign');
      const done = await api.post(`/tasks/${task.id}/complete`, 'office', {
        responsibleLeaderId: api.userId('leader1'),
        leadDepartmentId: api.departments.get('D1'),
        dueAt: new Date(Date.now() + 60 * 86400_000).toISOString(),
      });
      expect(done.status).toBe(200);
      expect(done.body.finding.longTerm).toBe(true);
    });

    it('generates a Markdown report that re-imports to the same tree', async () => {
      const res = await binary(api, `/rounds/${roundId}/report?format=md`, 'committee');
      expect(res.status).toBe(200);
      expect(res.type).toMatch(/^text\/markdown/);
      expect(res.disposition).toMatch(/attachment/);
      const markdown = res.body.toString('utf8');
      expect(markdown).toMatch(/^# 关于县委第二轮巡察整改进展情况的通报/);
      const original = parseRectificationText(SAMPLE);
      const again = parseRectificationText(markdown);
      expect(tree(again.areas)).toEqual(tree(original.areas));
      expect(again.counts).toEqual(original.counts);
      expect(again.publication).toEqual(original.publication);
      // And importing the report into a new round gives the same counts.
      const second = await importText(await newRound('复制轮次'), markdown);
      expect(second.status).toBe(201);
      expect(second.body).toMatchObject({
        areas: 3,
        themes: 6,
        findings: 9,
        measures: 22,
        longTermItems: 1,
        publication: original.publication,
      });
    });

    it('generates a docx with headings whose text re-imports to the same tree', async () => {
      const res = await binary(api, `/rounds/${roundId}/report?format=docx`, 'office');
      expect(res.status).toBe(200);
      expect(res.type).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      const zip = await JSZip.loadAsync(res.body);
      const xml = await zip.file('word/document.xml')!.async('string');
      expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
      const text = (xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [])
        .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
        .join('\n')
        .replace(/&amp;/g, '&');
      expect(tree(parseRectificationText(text).areas)).toEqual(
        tree(parseRectificationText(SAMPLE).areas),
      );
    });

    it('refuses the report to department staff and an unknown format', async () => {
      expect((await api.get(`/rounds/${roundId}/report`, 'dept1')).status).toBe(403);
      const bad = await api.get(`/rounds/${roundId}/report?format=pdf`, 'office');
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body.message)).toMatch(/format/);
    });
    it('two imports into one round at once hand out every code once', async () => {
      const target = await newRound('并发导入');
      const [a, b] = await Promise.all([importText(target, SAMPLE), importText(target, SAMPLE)]);
      expect([a.status, b.status]).toEqual([201, 201]);
      const codes = (
        await api.get(`/findings?roundId=${target}&pageSize=500`, 'office')
      ).body.items.map((f: { code: string }) => f.code);
      expect(codes.sort()).toEqual(
        Array.from({ length: 18 }, (_, i) => String(i + 1).padStart(3, '0')),
      );
      // The second import appends to the areas and themes the first one made.
      expect(await countRows(target)).toEqual({ findings: 18, tasks: 18, areas: 3, themes: 6 });
    });
  });

  describe('dry runs and bad input', () => {
    it('a dry run answers the counts and creates nothing', async () => {
      const roundId = await newRound('试导入');
      const res = await importText(roundId, SAMPLE, '?dryRun=true');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        areas: 3,
        themes: 6,
        findings: 9,
        measures: 22,
        longTermItems: 1,
        findingIds: [],
      });
      expect(res.body.publication.from).toBe('2025-09-01');
      expect(await countRows(roundId)).toEqual(nothing);
      expect(
        (await stack.dataSource.getRepository(RoundEntity).findOneByOrFail({ id: roundId }))
          .publication,
      ).toBeNull();
    });

    it('empty text is a 400; text that is not a report is a 400, or 0 findings with a warning on a dry run', async () => {
      const roundId = await newRound('坏输入');
      const empty = await importText(roundId, '   \n  ');
      expect(empty.status).toBe(400);
      expect(JSON.stringify(empty.body.message)).toMatch(/text/);
      const prose = '今天天气很好，我们去公园散步。\n晚上吃饺子。';
      const dry = await importText(roundId, prose, '?dryRun=true');
      expect(dry.status).toBe(200);
      expect(dry.body.findings).toBe(0);
      expect(dry.body.warnings).toEqual([expect.stringContaining('未识别到任何反馈问题')]);
      const real = await importText(roundId, prose);
      expect(real.status).toBe(400);
      expect(JSON.stringify(real.body.message)).toContain('未识别到任何反馈问题');
      expect(await countRows(roundId)).toEqual(nothing);
    });

    it('unknown department codes and leaders are listed in one 400, and nothing is created', async () => {
      const roundId = await newRound('结构化导入');
      const res = await importJson(roundId, {
        areas: [
          {
            title: '聚焦全面从严治党方面',
            themes: [
              {
                title: '廉政风险防控机制不健全',
                findings: [
                  { title: '甲', leadDepartmentCode: 'D1', responsibleLeaderUsername: 'leader1' },
                  { title: '乙', leadDepartmentCode: 'X9', responsibleLeaderUsername: 'nobody' },
                  { title: '丙', leadDepartmentCode: 'Y7', responsibleLeaderUsername: 'dept1' },
                ],
              },
            ],
          },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual([
        'leadDepartmentCode: unknown department codes: X9, Y7',
        'responsibleLeaderUsername: unknown users: nobody',
        'responsibleLeaderUsername: not leaders: dept1',
      ]);
      expect(await countRows(roundId)).toEqual(nothing);
    });

    it('a malformed JSON tree names the field', async () => {
      const roundId = await newRound('坏JSON');
      const res = await importJson(roundId, {
        areas: [
          { title: '方面', themes: [{ title: '类别', findings: [{ title: '', dueAt: 'soon' }] }] },
        ],
      });
      expect(res.status).toBe(400);
      const message = JSON.stringify(res.body.message);
      expect(message).toContain('areas.0.themes.0.findings.0.title');
      expect(message).toContain('areas.0.themes.0.findings.0.dueAt');
      expect((await importJson(roundId, { areas: [] }, '')).status).toBe(400);
      expect(await countRows(roundId)).toEqual(nothing);
    });

    it('a malformed or incomplete XLSX is a 400 naming row and column', async () => {
      const roundId = await newRound('坏表格');
      const notXlsx = await importXlsx(roundId, Buffer.from('PK\u0003\u0004 broken'));
      expect(notXlsx.status).toBe(400);
      expect(JSON.stringify(notXlsx.body.message)).toContain('不是有效的 XLSX');

      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('Sheet1');
      sheet.addRow(['方面', '问题类别', '反馈问题', '整改措施', '整改时限']);
      sheet.addRow(['方面甲', '类别甲', '问题甲', '措施甲', '下个月']);
      const badDate = await importXlsx(
        roundId,
        Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer),
      );
      expect(badDate.status).toBe(400);
      expect(badDate.body.errors).toEqual([
        {
          field: 'file.rows.2.dueAt',
          code: 'invalid_date',
          message: '第 2 行 E 列（整改时限）：无法识别的日期“下个月”，请写成 2025-09-30',
        },
      ]);

      const noColumns = new ExcelJS.Workbook();
      noColumns.addWorksheet('Sheet1').addRow(['反馈问题', '整改措施']);
      const missing = await importXlsx(
        roundId,
        Buffer.from((await noColumns.xlsx.writeBuffer()) as ArrayBuffer),
      );
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual(
        ['方面', '问题类别'].map((column) => ({
          field: 'file',
          code: 'invalid_sheet',
          message: `工作表“Sheet1”第 1 行表头缺少必填列“${column}”`,
        })),
      );
      expect(await countRows(roundId)).toEqual(nothing);
    });

    it('an oversized body is a 413; other callers, content types and rounds are refused', async () => {
      const roundId = await newRound('超大');
      const huge = await importText(roundId, '（1）问题。'.repeat(400_000));
      expect(huge.status).toBe(413);
      const bigFile = await importXlsx(roundId, Buffer.alloc(6 * 1024 * 1024, 1));
      expect(bigFile.status).toBe(413);
      expect((await importText(roundId, SAMPLE, '', 'dept1')).status).toBe(403);
      const xml = await api.request('POST', `/rounds/${roundId}/import`, {
        as: 'office',
        raw: '<x/>',
        headers: { 'content-type': 'application/xml' },
      });
      expect(xml.status).toBe(400);
      expect(JSON.stringify(xml.body.message)).toMatch(/content-type/);
      expect((await importText('00000000-0000-4000-8000-000000000000', SAMPLE)).status).toBe(404);
      expect(await countRows(roundId)).toEqual(nothing);
    });
  });

  describe('structured and XLSX imports', () => {
    it('a finding with leader, department and due time skips assign; the others start at assign', async () => {
      const roundId = await newRound('JSON导入');
      const dueAt = new Date(Date.now() + 90 * 86400_000).toISOString();
      const res = await importJson(roundId, {
        areas: [
          {
            title: '聚焦重点工作方面',
            themes: [
              {
                title: '推进不力',
                findings: [
                  {
                    title: '已交办的问题',
                    measures: ['措施一', '措施二'],
                    leadDepartmentCode: 'D2',
                    responsibleLeaderUsername: 'leader2',
                    dueAt,
                    longTerm: true,
                  },
                  { title: '待交办的问题', longTerm: true },
                ],
              },
              { title: '空类别', findings: [] },
            ],
          },
        ],
        publication: { from: '2025-10-01', to: '2025-10-15', phone: '0000-1' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        areas: 1,
        themes: 2,
        findings: 2,
        measures: 2,
        longTermItems: 2,
        warnings: [],
      });
      const [assigned, open] = res.body.findingIds as string[];
      const a = (await api.get(`/findings/${assigned}`, 'office')).body;
      expect(a).toMatchObject({
        stage: 'draft_measures',
        longTerm: true,
        leadDepartmentId: api.departments.get('D2'),
        responsibleLeaderId: api.userId('leader2'),
        dueAt,
      });
      expect(a.measures.map((m: { text: string }) => m.text)).toEqual(['措施一', '措施二']);
      expect(await api.taskFor('dept2', assigned, 'draft_measures')).toBeDefined();
      expect((await api.get(`/findings/${open}`, 'office')).body).toMatchObject({
        stage: 'assign',
        longTerm: true,
      });
      expect(await api.taskFor('office', open, 'assign')).toBeDefined();
      const themes = await stack.dataSource
        .getRepository(ThemeEntity)
        .find({ where: { roundId }, order: { seq: 'ASC' } });
      expect(themes.map((t) => t.title)).toEqual(['推进不力', '空类别']);
      expect((await api.get(`/rounds/${roundId}`, 'office')).body.publication).toMatchObject({
        from: '2025-10-01',
        phone: '0000-1',
        email: null,
      });
    });

    it('downloads the template, fills it in and imports it', async () => {
      const template = await binary(api, '/import-template.xlsx', 'office');
      expect(template.status).toBe(200);
      expect((await binary(api, '/import-template.xlsx', 'dept1')).status).toBe(403);
      const wb = await workbook(template.body);
      const sheet = wb.getWorksheet(IMPORT_SHEET)!;
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(headers).toEqual([
        '方面',
        '问题类别',
        '反馈问题',
        '整改措施',
        '责任领导',
        '牵头部门',
        '配合部门',
        '整改时限',
        '长期整改',
      ]);
      const rows: unknown[][] = [
        [
          '聚焦全面从严治党方面',
          '廉政风险防控机制不健全',
          '招投标监管存在漏洞',
          '修订招投标管理办法',
          'leader1',
          'D1',
          null,
          new Date(Date.UTC(2030, 8, 30)),
          '否',
        ],
        [null, null, null, '邀请派驻纪检组全程监督'],
        [null, null, '公务用车管理不规范', '建立一车一档', null, null, null, null, '是'],
        ['聚焦基层党组织建设方面', '干部队伍建设有待加强', '年轻干部培养力度不够', '建立人才库'],
      ];
      rows.forEach((values, i) =>
        values.forEach(
          (v, c) =>
            v !== null && (sheet.getRow(i + 2).getCell(c + 1).value = v as ExcelJS.CellValue),
        ),
      );
      const filled = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);

      const roundId = await newRound('表格导入');
      const dry = await importXlsx(roundId, filled, '?dryRun=true');
      expect(dry.status).toBe(200);
      expect(await countRows(roundId)).toEqual(nothing);
      const res = await importXlsx(roundId, filled);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        areas: 2,
        themes: 2,
        findings: 3,
        measures: 4,
        longTermItems: 1,
        publication: null,
      });
      const first = (await api.get(`/findings/${res.body.findingIds[0]}`, 'office')).body;
      expect(first).toMatchObject({
        stage: 'draft_measures',
        title: '招投标监管存在漏洞',
        themeTitle: '廉政风险防控机制不健全',
        dueAt: '2030-09-30T15:59:59.999Z',
        leadDepartmentId: api.departments.get('D1'),
      });
      expect((await api.get(`/findings/${res.body.findingIds[1]}`, 'office')).body).toMatchObject({
        stage: 'assign',
        longTerm: true,
      });
    });
  });

  describe('ledger and dashboard', () => {
    let roundId: string;
    let ids: string[];
    const pastDue = new Date(Date.now() - 2 * 86400_000).toISOString();
    const laterDue = new Date(Date.now() + 60 * 86400_000).toISOString();

    beforeAll(async () => {
      roundId = await newRound('台账轮次');
      const res = await importJson(roundId, {
        areas: [
          {
            title: '聚焦落实决策部署方面',
            themes: [
              {
                title: '推进不够有力',
                findings: [
                  {
                    title: '按期销号的问题',
                    measures: ['措施甲'],
                    leadDepartmentCode: 'D1',
                    responsibleLeaderUsername: 'leader1',
                    dueAt: laterDue,
                  },
                  {
                    title: '已逾期的问题',
                    measures: ['措施乙'],
                    leadDepartmentCode: 'D1',
                    responsibleLeaderUsername: 'leader1',
                    dueAt: pastDue,
                  },
                  {
                    title: '二科的问题',
                    measures: ['措施丙', '措施丁'],
                    leadDepartmentCode: 'D2',
                    responsibleLeaderUsername: 'leader2',
                    dueAt: laterDue,
                  },
                  { title: '未交办的问题' },
                ],
              },
            ],
          },
        ],
      });
      expect(res.status).toBe(201);
      ids = res.body.findingIds;

      // The first finding all the way to closure, with one send-back at review level 1.
      const f = ids[0];
      const step = async (user: string, kind: string, body: unknown) => {
        const task = await api.taskFor(user, f, kind);
        expect(task).toBeDefined();
        const done = await api.post(`/tasks/${task.id}/complete`, user, body);
        expect(done.status).toBe(200);
        return done.body.finding;
      };
      const drafted = await step('dept1', 'draft_measures', { measures: [{ text: '措施甲' }] });
      expect(drafted.stage).toBe('approve_measures');
      const approved = await step('leader1', 'approve_measures', { decision: 'approve' });
      const upload = await api.upload(f, 'dept1', '整改报告.txt', '已完成整改');
      const submit = {
        report: '已完成',
        evidenceIds: [upload.body.id],
        measuresDone: approved.measures.map((m: { id: string }) => m.id),
      };
      await step('dept1', 'submit_evidence', submit);
      await step('dept1head', 'review_1', { decision: 'reject', comment: '材料不全' });
      await step('dept1', 'submit_evidence', submit);
      await step('dept1head', 'review_1', { decision: 'approve' });
      await step('leader1', 'review_2', { decision: 'approve' });
      const closed = await step('office', 'review_3', { decision: 'approve' });
      expect(closed.stage).toBe('closed');
      // The overdue finding's ladder starts at once (due two days ago, ESCALATE_AFTER 0 by
      // default; level 2 is a week later): wait for level 1, so the figures below are the same
      // however fast this ran.
      await pollUntil(
        'the overdue finding to escalate',
        async () => (await api.get(`/findings/${ids[1]}`, 'office')).body.escalationLevel === 1,
        30_000,
      );
    });

    it('the ledger has one row per finding with the stage in Chinese, light, counts and evidence hashes', async () => {
      const res = await binary(api, `/rounds/${roundId}/ledger.xlsx`, 'office');
      expect(res.status).toBe(200);
      expect(res.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const wb = await workbook(res.body);
      const sheet = wb.getWorksheet(LEDGER_SHEET)!;
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getRow(1).font?.bold).toBe(true);
      const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) =>
        Object.fromEntries(
          LEDGER_COLUMNS.map((c, ci) => [c.header, sheet.getRow(i + 2).getCell(ci + 1).value]),
        ),
      );
      expect(rows.map((r) => r['编号'])).toEqual(['001', '002', '003', '004']);
      const detail = (await api.get(`/findings/${ids[0]}`, 'office')).body;
      expect(rows[0]).toMatchObject({
        反馈问题: '按期销号的问题',
        方面: '聚焦落实决策部署方面',
        整改措施: '1．措施甲',
        责任领导: expect.stringMatching(/.+/),
        整改阶段: '已销号',
        退回次数: 1,
        佐证材料数: 1,
        '佐证材料（文件名 SHA-256）': `整改报告.txt ${detail.evidence[0].sha256}`,
      });
      expect(rows[0]['销号时间']).toBeInstanceOf(Date);
      expect(rows[1]).toMatchObject({
        反馈问题: '已逾期的问题',
        整改阶段: '制定措施',
        整改完成情况: '正在推进',
        红黄绿灯: '红灯',
      });
      // Due two days before today: calendar days in China (3 if midnight there fell in between).
      expect([2, 3]).toContain(rows[1]['逾期天数']);
      expect(rows[2]).toMatchObject({ 整改措施: '1．措施丙\n2．措施丁', 红黄绿灯: '绿灯' });
      expect(rows[3]).toMatchObject({
        整改阶段: '待交办',
        整改完成情况: '待交办',
        红黄绿灯: '待交办',
        牵头部门: '',
        整改时限: null,
      });

      const summary = wb.getWorksheet(SUMMARY_SHEET)!;
      const d1 = (summary.getRow(2).values as unknown[]).slice(1);
      // Two findings: one open, overdue and escalated, one closed on time after a send-back; no
      // 约谈 or 问责 recorded.
      expect(d1).toEqual([expect.any(String), 'D1', 2, 1, 1, 1, 1, 1, 0, 0, 0, 1]);
    });

    it('department staff get their own department’s ledger rows only', async () => {
      const wb = await workbook(
        (await binary(api, `/rounds/${roundId}/ledger.xlsx`, 'dept2')).body,
      );
      const sheet = wb.getWorksheet(LEDGER_SHEET)!;
      expect(sheet.rowCount).toBe(2);
      expect(sheet.getRow(2).getCell(4).value).toBe('二科的问题');
      expect(wb.getWorksheet(SUMMARY_SHEET)!.getRow(2).getCell(2).value).toBe('D2');
      // The round figures are theirs too, and say so.
      const round = wb.getWorksheet(ROUND_SUMMARY_SHEET)!;
      expect(round.getRow(2).getCell(2).value).toBe(1);
      expect(String(round.getRow(ROUND_SUMMARY_ROWS.length + 3).getCell(1).value)).toContain(
        '牵头的问题',
      );
    });

    it('the dashboard’s numbers match the findings list', async () => {
      const dash = await api.get(`/dashboard?roundId=${roundId}`, 'office');
      expect(dash.status).toBe(200);
      const list = (q: string) =>
        api.get(`/findings?roundId=${roundId}&pageSize=500${q}`, 'office');
      const all = (await list('')).body;
      expect(dash.body.total).toBe(all.total);
      expect(dash.body.overdue).toBe((await list('&overdue=true')).body.total);
      for (const [stage, n] of Object.entries(dash.body.byStage)) {
        expect(n).toBe(all.items.filter((f: { stage: string }) => f.stage === stage).length);
      }
      expect(dash.body.closed).toBe(
        all.items.filter((f: { stage: string }) => f.stage === 'closed').length,
      );
      expect(dash.body.escalated).toBe(
        all.items.filter((f: { escalationLevel: number }) => f.escalationLevel > 0).length,
      );
      const byCode = Object.fromEntries(
        dash.body.byDepartment.map((d: { code: string }) => [d.code, d]),
      );
      for (const code of ['D1', 'D2', 'D3']) {
        const deptId = api.departments.get(code);
        const mine = all.items.filter(
          (f: { leadDepartmentId: string }) => f.leadDepartmentId === deptId,
        );
        const closed = mine.filter((f: { stage: string }) => f.stage === 'closed');
        expect(byCode[code]).toMatchObject({
          departmentId: deptId,
          open: mine.length - closed.length,
          overdue: mine.filter((f: { overdue: boolean }) => f.overdue).length,
          closed: closed.length,
          sentBack: mine.reduce(
            (n: number, f: { sentBackCount: number }) => n + f.sentBackCount,
            0,
          ),
          accountability: mine.reduce(
            (n: number, f: { accountabilityCount: number }) => n + f.accountabilityCount,
            0,
          ),
          onTimeRate:
            closed.length === 0
              ? null
              : closed.filter((f: { closedAt: string; dueAt: string }) => f.closedAt <= f.dueAt)
                  .length / closed.length,
        });
      }
      // Lights (counted in SQL) agree with the findings' own lights; 待交办 apart.
      const open = all.items.filter(
        (f: { stage: string; light: string }) => f.stage !== 'closed' && f.stage !== 'assign',
      );
      expect(dash.body.byLight).toEqual({
        green: open.filter((f: { light: string }) => f.light === 'green').length,
        yellow: open.filter((f: { light: string }) => f.light === 'yellow').length,
        red: open.filter((f: { light: string }) => f.light === 'red').length,
        unassigned: all.items.filter((f: { stage: string }) => f.stage === 'assign').length,
      });
      expect(dash.body.byLight.red).toBe(dash.body.overdue);
      const leaders = [
        ...new Set(
          all.items
            .map((f: { responsibleLeaderId: string | null }) => f.responsibleLeaderId)
            .filter(Boolean),
        ),
      ] as string[];
      expect(leaders.length).toBeGreaterThan(0);
      expect(
        Object.fromEntries(dash.body.byLeader.map((l: { leaderId: string }) => [l.leaderId, l])),
      ).toEqual(
        Object.fromEntries(
          leaders.map((id) => {
            const mine = all.items.filter(
              (f: { responsibleLeaderId: string }) => f.responsibleLeaderId === id,
            );
            const closedN = mine.filter((f: { stage: string }) => f.stage === 'closed').length;
            return [
              id,
              {
                leaderId: id,
                open: mine.length - closedN,
                overdue: mine.filter((f: { overdue: boolean }) => f.overdue).length,
                closed: closedN,
                byLight: {
                  ...Object.fromEntries(
                    (['green', 'yellow', 'red'] as const).map((l) => [
                      l,
                      mine.filter(
                        (f: { stage: string; light: string }) =>
                          f.stage !== 'closed' && f.stage !== 'assign' && f.light === l,
                      ).length,
                    ]),
                  ),
                  unassigned: mine.filter((f: { stage: string }) => f.stage === 'assign').length,
                },
                byStage: mine.reduce(
                  (acc: Record<string, number>, f: { stage: string }) => ({
                    ...acc,
                    [f.stage]: (acc[f.stage] ?? 0) + 1,
                  }),
                  {},
                ),
              },
            ];
          }),
        ),
      );
      // The figures are not vacuous: D1 has one closed on time, one overdue, one send-back.
      expect(byCode.D1).toMatchObject({
        open: 1,
        overdue: 1,
        closed: 1,
        sentBack: 1,
        onTimeRate: 1,
      });
    });

    it('department staff see their own department’s figures only', async () => {
      const dash = await api.get(`/dashboard?roundId=${roundId}`, 'dept2');
      expect(dash.status).toBe(200);
      expect(dash.body.total).toBe(1);
      expect(dash.body.byDepartment.map((d: { code: string }) => d.code)).toEqual(['D2']);
      expect((await api.get('/dashboard?roundId=nope', 'office')).status).toBe(400);
      expect(
        (await api.get('/dashboard?roundId=00000000-0000-4000-8000-000000000000', 'office')).status,
      ).toBe(404);
      expect((await api.get('/dashboard', 'office')).body.total).toBeGreaterThanOrEqual(4);
    });
  });
});
