import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import type { Browser, Page } from 'playwright-core';
import { In } from 'typeorm';
import { FindingEntity, TaskEntity } from '@rectiflow/persistence';
import { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import * as path from 'node:path';
import { Browsers, SCREENSHOT_DIR, chooseOption, launchChromium } from './support/browser';

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/**
 * A made-up 30-finding report in the genre's layout (numbered problems under headings, each
 * with its "一是…二是…" measures): three areas of two themes of five problems. Typed
 * numbering, as most offices write it.
 */
async function thirtyFindingReport(): Promise<{ docx: Buffer; titles: string[] }> {
  const titles: string[] = [];
  const lines: { text: string; centred?: boolean; bold?: boolean }[] = [
    { text: '中共某某县示范局党组', centred: true, bold: true },
    { text: '关于县委第九轮巡察', centred: true, bold: true },
    { text: '整改进展情况的通报', centred: true, bold: true },
    {
      text: '根据县委统一部署，县委第九巡察组对县示范局党组开展了常规巡察，并反馈了巡察意见。现将整改进展情况予以公布。',
    },
    { text: '一、党组履行巡察整改主体责任情况' },
    {
      text: '（一）强化组织领导。局党组成立整改工作领导小组，逐项明确责任领导、责任科室和整改时限。',
    },
    { text: '二、巡察反馈问题整改落实情况' },
  ];
  const areas = ['落实上级决策部署', '全面从严治党', '基层党组织建设'];
  const themes = ['工作推进不够有力', '制度执行不够严格'];
  let n = 0;
  areas.forEach((area, ai) => {
    lines.push({ text: `（${CN[ai]}）聚焦${area}方面` });
    themes.forEach((theme, ti) => {
      lines.push({ text: `${ti + 1}.${theme}。` });
      for (let p = 1; p <= 5; p++) {
        n++;
        const title = `示范问题第${n}项：${area}中${theme}的具体表现之${CN[p - 1]}`;
        titles.push(title);
        lines.push({ text: `（${p}）${title}。` });
        lines.push({
          text: `一是建立第${n}项问题整改台账，逐项明确责任；二是完善相关制度，堵塞管理漏洞。`,
        });
      }
    });
  });
  const doc = new Document({
    sections: [
      {
        children: lines.map(
          (l) =>
            new Paragraph({
              alignment: l.centred ? AlignmentType.CENTER : AlignmentType.LEFT,
              children: [new TextRun({ text: l.text, bold: l.bold })],
            }),
        ),
      },
    ],
  });
  return { docx: await Packer.toBuffer(doc), titles };
}

/**
 * 导入即交办 in the browser (Chinese UI): the office imports a 30-finding Word report, fills in
 * lead department (the leader proposed from its 分管) and due date for every row at once, and
 * confirms; every finding is created and assigned through its own assign step. Every click the
 * clerk makes from opening the import dialog to the success message is counted.
 */
describe('the web app: assigning on import', () => {
  let stack: TestStack;
  let api: ApiClient;
  let browser: Browser;
  let ui: Browsers;
  let roundId = '';
  let report: { docx: Buffer; titles: string[] };

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true' });
    api = new ApiClient(stack.url);
    await api.loadDemo();
    // The organisation as an office sets it up once: leader2 oversees D2 (分管).
    const oversees = await api.request('PUT', `/users/${api.userId('leader2')}/oversees`, {
      as: 'office',
      body: { departmentIds: [api.departments.get('D2')] },
    });
    expect(oversees.status).toBe(200);
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
    roundId = (
      await api.post('/rounds', 'office', {
        title: '县委第九轮巡察（导入即交办）',
        source: 'inspection',
      })
    ).body.id;
    report = await thirtyFindingReport();
  });

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  /** Waits for the dialog's count of rows filled in enough to be assigned on import. */
  const untilAssigned = (page: Page, n: number) =>
    pollUntil(
      `${n} rows assigned`,
      async () =>
        (await page.locator('[data-testid=import-assigned-count]').getAttribute('data-value')) ===
        String(n),
      10_000,
    );

  it('imports 30 findings and assigns them all in one go, in at most 10 clicks', async () => {
    const page = await ui.as('office');
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${stack.url}/rounds/${roundId}`);
    await page.locator('[data-testid=open-import]').waitFor();

    /** Every click (or pick from a list, or file chosen) the clerk makes, counted. */
    let clicks = 0;
    const click = async (target: ReturnType<Page['locator']>) => {
      clicks++;
      await target.click();
    };
    const due = new Date(Date.now() + 90 * 86400_000).toISOString().slice(0, 10);

    await click(page.locator('[data-testid=open-import]'));
    await click(page.locator('.ant-modal .ant-tabs-tab', { hasText: '上传文件' }));
    // Clicking the drop area and picking the file: one click.
    clicks++;
    await page.locator('.ant-modal .ant-upload input[type=file]').setInputFiles({
      name: '县示范局整改进展情况的通报.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: report.docx,
    });
    await click(page.locator('[data-testid=import-preview]'));
    await page.locator('[data-testid=import-result]').waitFor();
    await expect(page.locator('[data-testid=preview-finding]').count()).resolves.toBe(30);

    // 填入: the lead department (its 分管 leader comes by itself), the due date, for all rows.
    await click(page.locator('[data-testid=fill-department]'));
    await click(
      page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
        .filter({ hasText: '（D2）' }),
    );
    await page.locator('[data-testid=fill-overseer]').waitFor();
    await click(page.locator('input[data-testid=fill-due], [data-testid=fill-due] input'));
    await page.keyboard.type(due);
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-testid=fill-apply]').innerText()).resolves.toMatch(
      /填入全部\s*30\s*个问题/,
    );
    await click(page.locator('[data-testid=fill-apply]'));
    await untilAssigned(page, 30);
    await expect(page.locator('[data-testid=import-confirm]').innerText()).resolves.toMatch(
      /确认导入\s*30\s*个问题并交办\s*30\s*个/,
    );
    // Tall enough to show the bar and the first rows inside the dialog.
    await page.setViewportSize({ width: 1366, height: 1500 });
    await page.locator('[data-testid=preview-finding]').nth(3).scrollIntoViewIfNeeded();
    await ui.screenshot(page, '110-import-assign-filled');
    await page.setViewportSize({ width: 1366, height: 900 });

    await click(page.locator('[data-testid=import-confirm]'));
    await page
      .locator('.ant-message-notice', { hasText: '已导入 30 个问题，其中 30 个已交办' })
      .waitFor({ timeout: 120_000 });

    // The measured figure, for the report: every click from opening the dialog to the message.
    console.log(`import-assign: ${clicks} clicks for 30 findings`);
    expect(clicks).toBeLessThanOrEqual(10);

    const rows = await stack.dataSource.getRepository(FindingEntity).findBy({ roundId });
    expect(rows.map((f) => f.title).sort()).toEqual([...report.titles].sort());
    for (const f of rows) {
      expect(f).toMatchObject({
        stage: 'draft_measures',
        leadDepartmentId: api.departments.get('D2'),
        responsibleLeaderId: api.userId('leader2'),
        dueAt: `${due}T15:59:59.999Z`,
      });
    }
    const steps = await stack.dataSource
      .getRepository(TaskEntity)
      .findBy({ findingId: In(rows.map((f) => f.id)), kind: 'assign' });
    expect(steps.map((s) => [s.status, s.completedBy])).toEqual(
      rows.map(() => ['done', api.userId('office')]),
    );
    expect(ui.errors).toEqual([]);
  });

  it('lets one row differ and shows the rows that could not be assigned, on a phone', async () => {
    const round = (
      await api.post('/rounds', 'office', { title: '手机上导入即交办', source: 'inspection' })
    ).body.id as string;
    const page = await ui.as('office');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${stack.url}/rounds/${round}`);
    await page.locator('[data-testid=open-import]').click();
    await page.locator('.ant-modal .ant-tabs-tab', { hasText: '上传文件' }).click();
    await page.locator('.ant-modal .ant-upload input[type=file]').setInputFiles({
      name: '县示范局整改进展情况的通报.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: report.docx,
    });
    await page.locator('[data-testid=import-preview]').click();
    await page.locator('[data-testid=import-result]').waitFor();
    // Rows 1 and 2 ticked, filled with D1 and leader1 and a due date.
    const rowsOnPage = page.locator('[data-testid=preview-finding]');
    await rowsOnPage.nth(0).locator('[data-testid=row-select]').click();
    await rowsOnPage.nth(1).locator('[data-testid=row-select]').click();
    // Through chooseOption: a click that lands while the dropdown opens only marks the option
    // active, and the row then lacks its department (CI, once).
    await chooseOption(page, page.locator('[data-testid=fill-department]'), '（D1）');
    const leaderId = api.userId('leader1');
    const leaderName = (await api.get('/users?pageSize=500', 'office')).body.items.find(
      (u: { id: string }) => u.id === leaderId,
    ).displayName as string;
    await chooseOption(page, page.locator('[data-testid=fill-leader]'), leaderName);
    const due = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
    await page.locator('input[data-testid=fill-due], [data-testid=fill-due] input').click();
    await page.keyboard.type(due);
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-testid=fill-apply]').innerText()).resolves.toMatch(
      /填入所选\s*2\s*个问题/,
    );
    await page.locator('[data-testid=fill-apply]').click();
    await untilAssigned(page, 2);
    await ui.screenshot(page, '111-import-assign-phone');

    // Meanwhile the chosen leader leaves: that row's assignment is refused, the finding stays.
    expect(
      (await api.request('PATCH', `/users/${leaderId}`, { as: 'office', body: { active: false } }))
        .status,
    ).toBe(200);
    try {
      await page.locator('[data-testid=import-confirm]').click();
      await page.locator('[data-testid=import-assign-failed]').waitFor({ timeout: 120_000 });
      await expect(page.locator('[data-testid=import-assign-failed] li').count()).resolves.toBe(2);
      // The dialog over the page, as the phone shows it (not the long round list beneath).
      await page.screenshot({
        path: path.join(SCREENSHOT_DIR, '112-import-assign-failed-phone.png'),
      });
      const rows = await stack.dataSource.getRepository(FindingEntity).findBy({ roundId: round });
      expect(rows).toHaveLength(30);
      expect(rows.every((f) => f.stage === 'assign')).toBe(true);
    } finally {
      await api.request('PATCH', `/users/${leaderId}`, { as: 'office', body: { active: true } });
    }
  });
});
