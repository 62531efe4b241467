import type { Browser, Page } from 'playwright-core';
import { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { Browsers, chooseOption, launchChromium } from './support/browser';

/**
 * Units in the web app: the inspecting office (巡察办, `xcb`) creates a batch over both demo
 * units, opens a round for unit U2 under it, follows the cross-unit summary and records U2's
 * evaluation of results; its unit filter narrows the lists. A unit's office (`u2office`) sees
 * neither batches nor the other unit.
 */
describe('the web app across units', () => {
  let stack: TestStack;
  let api: ApiClient;
  let browser: Browser;
  let ui: Browsers;
  let units: { id: string; code: string; name: string }[] = [];
  const unit = (code: string) => units.find((u) => u.code === code)!;

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true' });
    api = new ApiClient(stack.url);
    await api.loadDemo();
    await api.token('xcb');
    await api.token('u2office');
    units = (await api.get('/units', 'xcb')).body.items;
    // Unit U1 has a round of its own with one finding, so the summary has something on each side.
    const r1 = await api.post('/rounds', 'office', { title: '分局党委自查问题', source: 'self' });
    expect(r1.status).toBe(201);
    const f = await api.post(`/rounds/${r1.body.id}/findings`, 'office', {
      title: '台账不全',
      measures: ['一是补齐台账'],
    });
    expect(f.status).toBe(201);
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
  });

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  const cells = (page: Page, row: string) =>
    page.locator(`[data-testid="batch-summary"] tr[data-row-key="${row}"] td`).allInnerTexts();

  it('the inspecting office creates a batch, a unit’s round under it, and evaluates the unit', async () => {
    const page = await ui.as('xcb');
    await page.locator('.app-nav a[href="/batches"]').click();
    await page.locator('[data-testid="create-batch"]').click();
    await page.locator('[data-testid="batch-title"]').fill('十二届区委第二轮巡察');
    const batchUnits = page.locator('[data-testid="batch-units"]');
    await chooseOption(page, batchUnits, `${unit('U1').name}（U1）`, { multiple: true });
    await chooseOption(page, batchUnits, `${unit('U2').name}（U2）`, { multiple: true });
    await page.locator('.ant-modal .ant-btn-primary').click();
    await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/);
    const batchId = page.url().split('/').pop()!;

    // A round for U2 under the batch, from the rounds page.
    await page.locator('.app-nav a[href="/rounds"]').click();
    await page.locator('[data-testid="create-round"]').click();
    await page.locator('[data-testid="round-title"]').fill('区委第二巡察组反馈意见');
    await chooseOption(page, page.locator('[data-testid="round-unit"]'), unit('U2').name);
    await chooseOption(page, page.locator('[data-testid="round-batch"]'), '十二届区委第二轮巡察');
    await page.locator('.ant-modal .ant-btn-primary').click();
    await page.waitForURL(/\/rounds\/[0-9a-f-]{36}$/);
    const roundId = page.url().split('/').pop()!;
    const round = (await api.get(`/rounds/${roundId}`, 'xcb')).body;
    expect(round).toMatchObject({ unitId: unit('U2').id, batchId });
    for (const title of ['干部选任程序不规范', '专项资金管理不严']) {
      const res = await api.post(`/rounds/${roundId}/findings`, 'xcb', { title, measures: [] });
      expect(res.status).toBe(201);
    }

    // The summary page shows what the API's summary says, per unit and in total.
    await page.goto(`${stack.url}/batches/${batchId}`);
    await page.locator(`[data-testid="batch-summary"] tr[data-row-key="total"]`).waitFor();
    const summary = (await api.get(`/batches/${batchId}/summary`, 'xcb')).body;
    expect(summary.units.find((u: any) => u.unitId === unit('U2').id).findings).toBe(2);
    for (const u of summary.units) {
      const row = await cells(page, u.unitId);
      expect(row.slice(0, 5)).toEqual([
        u.name,
        String(u.findings),
        String(u.completed),
        String(u.inProgress),
        String(u.notCompleted),
      ]);
    }
    expect((await cells(page, 'total'))[1]).toBe(String(summary.total.findings));
    await expect(
      page.locator('.ant-table-row', { hasText: '区委第二巡察组反馈意见' }).count(),
    ).resolves.toBe(1);

    await page.locator('[data-testid="evaluate-U2"]').click();
    await chooseOption(page, page.locator('[data-testid="evaluation-rating"]'), '较好');
    await page
      .locator('[data-testid="evaluation-note"]')
      .fill('整改任务基本完成，长效机制初步建立');
    await page.locator('.ant-modal .ant-btn-primary').click();
    await page
      .locator(`[data-testid="batch-summary"] tr[data-row-key="${unit('U2').id}"] .ant-tag`, {
        hasText: '较好',
      })
      .waitFor();
    const evaluations = (await api.get(`/batches/${batchId}/evaluations`, 'xcb')).body;
    expect(evaluations).toMatchObject([{ unitId: unit('U2').id, rating: '较好' }]);

    // The office's home page leads with the batch: its completed of its findings, and each
    // unit's (both here; a batch of more units shows the five furthest behind).
    await page.locator('.app-nav a[href="/"]').first().click();
    const card = page.locator('[data-testid="home-batch"]', { hasText: '十二届区委第二轮巡察' });
    const u2 = card.locator('[data-testid="home-batch-unit"][data-unit="U2"]');
    await u2.waitFor();
    const figures = summary.units.find((u: any) => u.unitId === unit('U2').id);
    await expect(u2.innerText()).resolves.toContain(`${figures.completed}/${figures.findings}`);
    await expect(u2.innerText()).resolves.toContain(unit('U2').name);
    await expect(card.locator('[data-testid="home-batch-unit"]').count()).resolves.toBe(2);
    await expect(card.locator('[data-testid="home-batch-total"]').innerText()).resolves.toBe(
      `${summary.total.completed}/${summary.total.findings}`,
    );
    await ui.screenshot(page, '39-inspection-office-home');
    await ui.screenshot(page, '40-batch-summary');
    await page.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot(page, '41-batch-summary-phone');
    await page.setViewportSize({ width: 1366, height: 860 });

    // The unit filter narrows the rounds to U2's.
    await page.locator('.app-nav a[href="/rounds"]').click();
    await page.locator('.ant-table-row', { hasText: '分局党委自查问题' }).waitFor();
    await chooseOption(page, page.locator('[data-testid="unit-switcher"]'), unit('U2').name);
    await page.locator('.ant-table-row', { hasText: '区委第二巡察组反馈意见' }).waitFor();
    await expect(
      page.locator('.ant-table-row', { hasText: '分局党委自查问题' }).count(),
    ).resolves.toBe(0);
    await ui.screenshot(page, '42-rounds-unit-filter');
  });

  it('a unit’s office sees its own unit only, and no batches', async () => {
    const page = await ui.as('u2office');
    await page.locator('.app-nav a[href="/rounds"]').click();
    await page.waitForURL(/\/rounds$/);
    await page.locator('.ant-table-row a', { hasText: '区委第二巡察组反馈意见' }).waitFor();
    await expect(
      page.locator('.ant-table-row', { hasText: '分局党委自查问题' }).count(),
    ).resolves.toBe(0);
    await expect(page.locator('.app-nav a[href="/batches"]').count()).resolves.toBe(0);
    await expect(page.locator('[data-testid="unit-switcher"]').count()).resolves.toBe(0);
    expect(ui.errors).toEqual([]);
  });
});
