import type { Browser } from 'playwright-core';
import type { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';
import { Browsers, launchChromium } from './support/browser';

/** The calendar day `ms` falls on in Beijing (the default ORG_TIMEZONE). */
const beijingDay = (ms: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(ms));

/**
 * The office's 调整 menu on the finding page, from a browser in Los Angeles: 延期 sends the
 * chosen calendar day (the end of that day in Beijing, not in the browser's zone) and the page
 * shows that day, 撤回 without a reason is answered under the
 * reason field, then withdraws the finding, which shows 已撤回 on its page and in the round.
 */
describe('the web app: changes on a running finding', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  let browser: Browser;
  let ui: Browsers;

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true' });
    world = await World.create(stack, undefined, { title: '县委第三巡察组反馈意见' });
    api = world.api;
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
  });

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  it('moves the deadline and withdraws the finding from its page', async () => {
    const id = await world.createFinding({
      title: '调整：专项资金台账不全',
      dept: 'D1',
      dueAt: inDays(20),
    });
    // A browser far west of Beijing: the chosen day must still be Beijing's day, not its own.
    const page = await ui.as('office', { timezoneId: 'America/Los_Angeles' });
    // The dialog on screen (the page keeps its other dialogs mounted, hidden).
    const modal = page.locator('.ant-modal').filter({ visible: true });
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400)
        refused.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`);
    });
    await page.goto(`${stack.url}/findings/${id}`);
    await page.locator('[data-testid="finding-changes"]').click();
    await page.locator('.ant-dropdown-menu-item', { hasText: '延期' }).click();
    const day = beijingDay(Date.now() + 45 * 86_400_000);
    const due = modal.locator('#dueAt');
    await due.click();
    await due.fill(day);
    await due.press('Enter');
    await page.locator('[data-testid="change-reason"]').fill('需协调市级部门，申请延期');
    await ui.screenshot(page, '60-finding-due-date');
    await modal.locator('.ant-btn-primary').click();
    await page.locator('.ant-message', { hasText: '已延期' }).waitFor();
    const moved = (await api.get(`/findings/${id}`, 'office')).body;
    expect(moved.dueAt).toBe(new Date(`${day}T23:59:59.999+08:00`).toISOString());
    await page.locator('.history-entry', { hasText: '延期：调整整改时限' }).waitFor();
    // Shown as the same calendar day, read in Beijing.
    await expect(page.locator('.ant-descriptions').first().innerText()).resolves.toContain(day);
    await expect(
      page.locator('.history-entry', { hasText: '延期' }).first().innerText(),
    ).resolves.toContain(`→ ${day}`);

    // 撤回 without a reason: the rule the API follows says so under the reason field, unsent.
    await page.locator('[data-testid="finding-changes"]').click();
    await page.locator('.ant-dropdown-menu-item', { hasText: '撤回' }).click();
    await modal.locator('.ant-btn-dangerous', { hasText: '确认撤回' }).click();
    await modal.locator('.ant-form-item-explain-error', { hasText: '请填写原因' }).waitFor();
    expect((await api.get(`/findings/${id}`, 'office')).body.withdrawn).toBe(false);
    await page.locator('[data-testid="change-reason"]').fill('与第 3 号问题重复');
    await ui.screenshot(page, '61-finding-withdraw');
    await modal.locator('.ant-btn-dangerous', { hasText: '确认撤回' }).click();
    await page.locator('.finding-head .withdrawn-tag', { hasText: '已撤回' }).waitFor();
    await page.locator('.history-entry', { hasText: '撤回问题' }).waitFor();
    expect(await page.locator('[data-testid="finding-changes"]').count()).toBe(0);
    const withdrawn = (await api.get(`/findings/${id}`, 'office')).body;
    expect(withdrawn).toMatchObject({ withdrawn: true, openTasks: [] });
    await ui.screenshot(page, '62-finding-withdrawn');
    await page.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot(page, '63-finding-withdrawn-phone');
    await page.setViewportSize({ width: 1366, height: 860 });

    await page.goto(`${stack.url}/rounds/${world.roundId}`);
    await page
      .locator('.findings-table .ant-table-row', { hasText: '调整：专项资金台账不全' })
      .locator('.withdrawn-tag', { hasText: '已撤回' })
      .waitFor();
    // Nothing was refused: the withdrawal without a reason was never sent.
    expect(refused).toEqual([]);
    expect(ui.errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});
