import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { SCORECARD_SHEET } from '@rectiflow/reports';
import type { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';
import { Browsers, chooseOption, launchChromium } from './support/browser';

/**
 * 绩效考核 in the browser, with the default weights (60 + 40 × 按期办结率 − 0.5 × 超期天数 −
 * 2 × 退回 − 3 × 升级督办 − 5 × 问责 − 2 × 未办结督办单): D1 closed one finding on time and had
 * another sent back (60 + 40 − 2 = 98), D2 has a 问责 and nothing due yet (60 + 40 − 5 = 95),
 * D3 an open 督办单 (60 + 40 − 2 = 98). The office sees them all with the formula and downloads
 * the workbook; a department sees its own row; both at laptop and phone width.
 */
describe('the web app: appraisal scorecard', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  let browser: Browser;
  let ui: Browsers;

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true', STEP_DUE: '30d' });
    world = await World.create(stack, undefined, { title: '县委第一巡察组反馈意见' });
    api = world.api;
    const onTime = await world.createFinding({
      title: '会议记录缺失',
      dept: 'D1',
      dueAt: inDays(30),
    });
    await world.advance(onTime, 'closed');
    const sentBack = await world.createFinding({
      title: '制度执行不严',
      dept: 'D1',
      dueAt: inDays(30),
    });
    await world.advance(sentBack, 'review_1');
    const review = await world.mustTask(sentBack, 'review_1');
    const back = await api.post(`/tasks/${review.id}/complete`, 'dept1head', {
      decision: 'reject',
      comment: '佐证材料不全',
    });
    expect(back.status).toBe(200);
    const d2 = await world.createFinding({
      title: '公务接待超标准',
      dept: 'D2',
      dueAt: inDays(30),
    });
    const record = await api.post('/supervision/records', 'supervisor', {
      kind: 'accountability',
      occurredOn: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
        new Date(),
      ),
      findingIds: [d2],
      subject: '政治处主任',
      accountabilityKind: '诫勉谈话',
    });
    expect(record.status).toBe(201);
    const d3 = await world.createFinding({
      title: '固定资产账实不符',
      dept: 'D3',
      dueAt: inDays(30),
    });
    await world.advance(d3, 'draft_measures');
    const order = await api.post(`/findings/${d3}/supervision-orders`, 'supervisor', {
      departmentId: world.dept('D3'),
      requirement: '限期完成资产清查',
      dueAt: inDays(7).slice(0, 10),
    });
    expect(order.status).toBe(201);
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  const score = (page: import('playwright-core').Page, code: string) =>
    page.locator(`[data-testid="scorecard-${code}-score"]`).first().innerText();

  it('the office sees every department with the formula, picks a period and downloads it', async () => {
    const page = await ui.as('office');
    await page.locator('.app-nav a[href="/scorecard"]').click();
    await page.locator('[data-testid="scorecard-formula"]').waitFor();
    await expect(page.locator('[data-testid="scorecard-formula"]').innerText()).resolves.toContain(
      '得分 = max(0, 60 + 40 × 按期办结率 − 0.5 × 超期天数 − 2 × 退回次数 − 3 × 升级督办次数 − 5 × 问责次数 − 2 × 未办结督办单)',
    );
    await chooseOption(
      page,
      page.locator('[data-testid="scorecard-round"]'),
      '县委第一巡察组反馈意见',
    );
    await page.waitForURL(/roundId=/);
    await page.locator('[data-testid="scorecard-row-D1"]').first().waitFor();
    await expect(page.locator('.scorecard-table thead').innerText()).resolves.toContain('名次');
    await expect(score(page, 'D1')).resolves.toBe('98');
    await expect(score(page, 'D2')).resolves.toBe('95');
    await expect(score(page, 'D3')).resolves.toBe('98');
    await expect(
      page.locator('[data-testid="scorecard-D1-onTimeRate"]').first().innerText(),
    ).resolves.toMatch(/100%\s*\+40/);
    await expect(
      page.locator('[data-testid="scorecard-D1-sentBacks"]').first().innerText(),
    ).resolves.toMatch(/1\s*−2/);
    await expect(
      page.locator('[data-testid="scorecard-D2-accountabilityRecords"]').first().innerText(),
    ).resolves.toMatch(/1\s*−5/);
    await ui.screenshot(page, '160-scorecard-office');

    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="scorecard-export"]').click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/^绩效考核-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await file.path());
    const sheet = wb.getWorksheet(SCORECARD_SHEET)!;
    const header = (sheet.getRow(3).values as string[]).slice(1);
    const scores = new Map<string, unknown>();
    for (let n = 4; n <= sheet.rowCount; n++) {
      const row = sheet.getRow(n);
      scores.set(
        String(row.getCell(header.indexOf('部门编号') + 1).value),
        row.getCell(header.indexOf('得分') + 1).value,
      );
    }
    expect([scores.get('D1'), scores.get('D2'), scores.get('D3')]).toEqual([98, 95, 98]);

    // By deadline dates: the findings are due in 30 days, so a range a year back holds none.
    await page.locator('[data-testid="scorecard-mode"]').getByText('按整改时限日期').click();
    const [start, end] = [
      page.locator('[data-testid="scorecard-range"]').first(),
      page.locator('[data-testid="scorecard-range"]').last(),
    ];
    await start.click();
    await start.fill('2025-01-01');
    await start.press('Enter');
    await end.fill('2025-12-31');
    await end.press('Enter');
    await page.waitForURL(/from=2025-01-01&to=2025-12-31/);
    // The new period's figures replace the round's once they arrive: nothing due, nothing off.
    for (const code of ['D1', 'D2', 'D3'])
      await page
        .locator(`[data-testid="scorecard-${code}-score"]`, { hasText: /^100$/ })
        .first()
        .waitFor();
    await ui.screenshot(page, '161-scorecard-range');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${stack.url}/scorecard?roundId=${world.roundId}`);
    await page.locator('[data-testid="scorecard-row-D1"]').first().waitFor();
    await ui.screenshot(page, '162-scorecard-office-phone');
    // Nothing but the table scrolls sideways at phone width.
    const wide = await page.evaluate(
      'document.documentElement.scrollWidth > document.documentElement.clientWidth',
    );
    expect(wide).toBe(false);
    await page.getByRole('button', { name: '切换语言' }).click();
    await expect(page.locator('.page-title').innerText()).resolves.toBe('Appraisal scorecard');
    await expect(page.locator('[data-testid="scorecard-formula"]').innerText()).resolves.toContain(
      'Score = max(0, 60 + 40 × On-time closure − 0.5 × Days overdue',
    );
    await ui.screenshot(page, '163-scorecard-phone-en');
    await page.getByRole('button', { name: 'Switch language' }).click();
    await page.setViewportSize({ width: 1366, height: 860 });
    expect(ui.errors).toEqual([]);
  });

  it('a department sees its own row only', async () => {
    const page = await ui.as('dept2');
    await page.locator('.app-nav a[href="/scorecard"]').click();
    await page.locator('[data-testid="scorecard-row-D2"]').first().waitFor();
    await expect(score(page, 'D2')).resolves.toBe('95');
    expect(await page.locator('.scorecard-table .ant-table-row').count()).toBe(1);
    // No rank: it is not compared with rows it cannot see.
    await expect(page.locator('.scorecard-table thead').innerText()).resolves.not.toContain('名次');
    await ui.screenshot(page, '164-scorecard-department');
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="scorecard-export"]').click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/^绩效考核-/);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.locator('[data-testid="scorecard-row-D2"]').first().waitFor();
    await ui.screenshot(page, '165-scorecard-department-phone');
    await page.setViewportSize({ width: 1366, height: 860 });
    expect(ui.errors).toEqual([]);
  });
});
