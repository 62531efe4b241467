import type { Browser } from 'playwright-core';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';
import { Browsers, launchChromium } from './support/browser';

/**
 * The department's inbox for real work: the 编号 column sorts by number (not by due time), a
 * search finds a finding by the words of its measures in any round and the counts follow it,
 * and at phone width each task is a card (light, title, deadline, action).
 */
describe('the web app: the inbox for real work', () => {
  let stack: TestStack;
  let world: World;
  let browser: Browser;
  let ui: Browsers;

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true' });
    world = await World.create(stack);
    await world.createFinding({ title: '党费收缴不规范', dept: 'D1', dueAt: inDays(40) });
    await world.createFinding({ title: '会议记录缺失', dept: 'D1', dueAt: inDays(30) });
    await world.createFinding({
      title: '专项资金使用不规范',
      dept: 'D1',
      dueAt: inDays(5),
      measures: ['建立专项资金台账', '开展专项审计'],
    });
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
  });

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  it('sorts by number, searches in measures, and shows cards on a phone', async () => {
    const page = await ui.as('dept1');
    const titles = () => page.locator('.inbox-table .ant-table-row .task-link').allInnerTexts();
    const firstRow = page.locator('.inbox-table .ant-table-row').first();
    await firstRow.waitFor();
    const header = page.locator('.inbox-table th', { hasText: '编号' });
    await header.click();
    await firstRow.locator('.task-link', { hasText: '党费收缴不规范' }).waitFor();
    expect(await titles()).toEqual(['党费收缴不规范', '会议记录缺失', '专项资金使用不规范']);
    await header.click();
    await firstRow.locator('.task-link', { hasText: '专项资金使用不规范' }).waitFor();
    expect(await titles()).toEqual(['专项资金使用不规范', '会议记录缺失', '党费收缴不规范']);
    await ui.screenshot(page, '65-inbox-by-number');

    await page.locator('[data-testid="inbox-search"] input').fill('专项资金台账');
    await page.locator('[data-testid="inbox-search"] input').press('Enter');
    await page.locator('.inbox-table .ant-table-row').nth(1).waitFor({ state: 'detached' });
    expect(await titles()).toEqual(['专项资金使用不规范']);
    await page.locator('[data-testid="count-total"]', { hasText: '1' }).waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('button', { hasText: '清除筛选' }).click();
    await page.locator('.inbox-card').nth(2).waitFor();
    expect(await page.locator('.inbox-table').count()).toBe(0);
    await ui.screenshot(page, '66-inbox-phone');
    expect(ui.errors).toEqual([]);
  });
});
