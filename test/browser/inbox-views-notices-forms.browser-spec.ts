import type { Browser } from 'playwright-core';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';
import { Browsers, launchChromium } from './support/browser';

/**
 * The inbox's saved views found again in a fresh browser, the bell's grouped notices, the
 * required fields checked before any request, the phone's task page with the form on top, and a
 * comment carrying a file.
 */
describe('the web app: saved views, grouped notices, checked forms, phone tasks, attachments', () => {
  let stack: TestStack;
  let world: World;
  let browser: Browser;
  let ui: Browsers;
  let findingA: string;

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true' });
    world = await World.create(stack);
    findingA = await world.createFinding({
      title: '党费收缴不规范',
      dept: 'D1',
      dueAt: inDays(40),
    });
    await world.createFinding({ title: '会议记录缺失', dept: 'D1', dueAt: inDays(30) });
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
  });

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  it('saves the inbox’s filters as a view and finds it again in a fresh browser', async () => {
    const page = await ui.as('dept1');
    const rows = page.locator('.inbox-table .ant-table-row');
    await rows.nth(1).waitFor();
    await page.locator('[data-testid="inbox-search"] input').fill('会议记录');
    await page.locator('[data-testid="inbox-search"] input').press('Enter');
    await rows.nth(1).waitFor({ state: 'detached' });
    await page.locator('[data-testid="save-view"]').click();
    // The name is required, checked before anything is sent.
    await page.locator('.ant-modal .ant-btn-primary').click();
    await page
      .locator('.ant-modal .ant-form-item-explain', { hasText: '请填写视图名称' })
      .waitFor();
    await page.locator('[data-testid="view-name"]').fill('会议类');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/me/inbox-views') && r.request().method() === 'POST',
    );
    await page.locator('.ant-modal .ant-btn-primary').click();
    expect((await saved).status()).toBe(201);
    await page.locator('.ant-message', { hasText: '已保存视图「会议类」' }).waitFor();

    // Another browser (no local storage of the first): all tasks, until the view is chosen.
    const fresh = new Browsers(browser, stack.url);
    try {
      const other = await fresh.as('dept1');
      const otherRows = other.locator('.inbox-table .ant-table-row');
      await otherRows.nth(1).waitFor();
      await other.locator('[data-testid="inbox-views"]').click();
      await other.locator('.ant-select-item-option', { hasText: '会议类' }).click();
      await otherRows.nth(1).waitFor({ state: 'detached' });
      expect(await otherRows.locator('.task-link').allInnerTexts()).toEqual(['会议记录缺失']);
      await expect(other.locator('[data-testid="inbox-search"] input').inputValue()).resolves.toBe(
        '会议记录',
      );
      await fresh.screenshot(other, '120-inbox-saved-view');
      expect(fresh.errors).toEqual([]);
    } finally {
      await fresh.close();
    }
    expect(ui.errors).toEqual([]);
  });

  it('groups the bell’s notices of one kind about one finding into a line with a count', async () => {
    // Three @mentions of dept1 on one finding: one line “共 3 条”, expandable.
    for (const text of ['请补充台账', '请核对金额', '请尽快上报']) {
      const res = await world.api.post(`/findings/${findingA}/comments`, 'office', {
        text,
        mentionUserIds: [world.api.userId('dept1head')],
      });
      expect(res.status).toBe(201);
    }
    const page = await ui.as('dept1head');
    await page.locator('[data-testid="bell"]').click();
    const group = page.locator('[data-testid="notice-group"]', { hasText: '提到了您' });
    await group.waitFor();
    await expect(group.locator('[data-testid="notice-count"]').innerText()).resolves.toBe(
      '共 3 条',
    );
    expect(await group.locator('.notice-group-items .notice').count()).toBe(0);
    await group.locator('.notice-expand', { hasText: '展开 3 条' }).click();
    await group.locator('.notice-group-items .notice').nth(2).waitFor();
    expect(await group.locator('.notice-group-items .notice').allInnerTexts()).toEqual([
      expect.stringContaining('请尽快上报'),
      expect.stringContaining('请核对金额'),
      expect.stringContaining('请补充台账'),
    ]);
    await ui.screenshot(page, '121-bell-grouped-notices');
    const unreadBefore = (await world.api.get('/notifications?unread=true', 'dept1head')).body
      .unread;
    // Opening the line reads the whole group and goes to the finding.
    await group.locator('> .notice').click();
    await page.waitForURL(`**/findings/${findingA}`);
    const after = await world.api.get('/notifications?pageSize=50', 'dept1head');
    const mentions = after.body.items.filter(
      (n: { kind: string; findingId: string }) => n.kind === 'mention' && n.findingId === findingA,
    );
    expect(mentions.map((n: { read: boolean }) => n.read)).toEqual([true, true, true]);
    expect(after.body.unread).toBe(unreadBefore - 3);
    expect(ui.errors).toEqual([]);
  });
});
