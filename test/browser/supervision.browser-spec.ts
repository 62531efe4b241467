import type { Browser } from 'playwright-core';
import type { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';
import { Browsers, chooseOption, launchChromium } from './support/browser';

/**
 * The supervisor's 督办台账 in the browser: the finding about to fall due is listed with its
 * reason, the one on course is not, a filter narrows it (and stays in the address), and the
 * export downloads.
 */
describe('the web app: supervision ledger', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  let browser: Browser;
  let ui: Browsers;

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true', STEP_DUE: '30d', WARN_BEFORE: '2d' });
    world = await World.create(stack, undefined, { title: '县委第二巡察组反馈意见' });
    api = world.api;
    await world.createFinding({ title: '临期：专项资金台账不全', dept: 'D1', dueAt: inDays(1) });
    await world.createFinding({ title: '正常：制度未建', dept: 'D2', dueAt: inDays(20) });
    await world.createFinding({ title: '待交办：问题未分' });
    for (const title of ['待交办：会议记录缺失', '待交办：采购程序不规范'])
      await world.createFinding({ title });
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
  });

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  it('lists what needs supervising, filters it and exports it', async () => {
    const page = await ui.as('supervisor');
    await page.locator('.app-nav a[href="/supervision"]').click();
    const rows = page.locator('.supervision-table .ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    await expect(rows.first().innerText()).resolves.toContain('临期：专项资金台账不全');
    await expect(rows.first().locator('.ant-tag').first().innerText()).resolves.toBe('临近期限');
    expect((await api.get('/supervision', 'supervisor')).body.total).toBe(1);
    await ui.screenshot(page, '50-supervision');

    await chooseOption(page, page.locator('[data-testid="supervision-reason"]'), '逾期');
    await page.waitForURL(/reason=overdue/);
    await page.locator('.supervision-table .ant-empty').waitFor();

    await page.goto(`${stack.url}/supervision`);
    await rows.first().waitFor();
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button', { hasText: '导出台账' }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/^督办台账-\d{4}-\d{2}-\d{2}\.xlsx$/);

    await page.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot(page, '51-supervision-phone');
    await page.setViewportSize({ width: 1366, height: 860 });
    await page.goto(`${stack.url}/dashboard`);
    await page
      .locator('.ant-card', { hasText: '红黄绿灯' })
      .locator('[aria-label*="待交办 3"]')
      .waitFor();
    expect(ui.errors).toEqual([]);
  });

  it('the office assigns every finding awaiting assignment in one go (批量交办)', async () => {
    const page = await ui.as('office');
    await page.goto(`${stack.url}/rounds/${world.roundId}`);
    await page.locator('.findings-table .ant-table-row').first().waitFor();
    // The header box picks every row that can be picked: those awaiting assignment.
    await page.locator('.findings-table thead .ant-checkbox-input').click();
    await page.locator('.selection-bar', { hasText: '已选 3 项' }).waitFor();
    await page.locator('[data-testid="batch-assign"]').click();
    // Chosen with the keyboard, as a clerk types into a searchable select: clicking an option
    // raced the dropdown's placement (it re-aligns while the modal's page scrolls), and a click
    // that lands during that move can be lost. Each choice is waited for until the field shows it.
    const chosen = (field: string) =>
      page.locator(`[data-testid="batch-assign-${field}"] .ant-select-content-has-value`);
    await page.locator('.ant-modal #leadDepartmentId').click();
    await page.keyboard.type('D3');
    await page.keyboard.press('Enter');
    await chosen('department').filter({ hasText: '（D3）' }).waitFor();
    await page.locator('.ant-modal #responsibleLeaderId').click();
    await page.keyboard.press('Enter');
    await chosen('leader').waitFor();
    const due = page.locator('.ant-modal #dueAt');
    await due.click();
    await due.fill(inDays(30).slice(0, 10));
    await due.press('Enter');
    await ui.screenshot(page, '52-batch-assign');
    await page.locator('.ant-modal .ant-btn-primary').click();
    await page.locator('.ant-message', { hasText: '已交办 3 项' }).waitFor();
    const list = (await api.get(`/findings?roundId=${world.roundId}&pageSize=500`, 'office')).body
      .items as { title: string; stage: string; leadDepartmentId: string }[];
    const waiting = list.filter((f) => f.title.startsWith('待交办'));
    expect(waiting.map((f) => [f.stage, f.leadDepartmentId])).toEqual(
      waiting.map(() => ['draft_measures', world.dept('D3')]),
    );
    expect(ui.errors).toEqual([]);
  });

  it('the supervisor records a 约谈 and a 问责, and the figures count them', async () => {
    const page = await ui.as('supervisor');
    await page.goto(`${stack.url}/supervision`);
    await page.locator('[data-testid="record-talk"]').click();
    const modal = page.locator('.ant-modal', { hasText: '记录约谈' });
    // The finding chosen by typing its title; the keyboard picks the first match.
    await modal.locator('[data-testid="record-findings"]').click();
    await page.keyboard.type('临期');
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: '临期：专项资金台账不全',
      })
      .waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await modal.locator('[data-testid="record-subject"]').fill('办公室主任');
    // Who held it is required: the form says so before any request.
    await modal.locator('.ant-btn-primary').click();
    await modal.locator('.ant-form-item-explain-error', { hasText: '请填写约谈人' }).waitFor();
    await modal.locator('[data-testid="record-held-by"]').fill('纪检组长');
    // The talk's minutes go with the record.
    await modal.locator('.comment-attach input[type=file]').setInputFiles({
      name: '约谈记录.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('约谈记录：要求月底前完成整改。'),
    });
    await modal.locator('[data-testid="pending-file"]', { hasText: '约谈记录.txt' }).waitFor();
    await ui.screenshot(page, '130-record-talk');
    await modal.locator('.ant-btn-primary').click();
    await page.locator('.ant-message', { hasText: '已记录' }).waitFor();
    const row = page.locator('.records-table .ant-table-row', { hasText: '办公室主任' });
    await row.waitFor();
    expect(await row.innerText()).toContain('纪检组长');
    await row.locator('[data-testid="stored-file"]', { hasText: '约谈记录.txt' }).waitFor();

    // A 问责 from the finding's own page: the finding is chosen already.
    const findings = (await api.get(`/findings?roundId=${world.roundId}&q=临期`, 'office')).body
      .items as { id: string }[];
    await page.goto(`${stack.url}/findings/${findings[0].id}`);
    await page.locator('[data-testid="record-accountability"]').click();
    const dialog = page.locator('.ant-modal', { hasText: '记录问责' });
    await dialog.locator('[data-testid="record-subject"]').fill('办公室副主任');
    await dialog.locator('[data-testid="record-accountability-kind"]').click();
    await page.keyboard.type('诫勉');
    await page.keyboard.press('Enter');
    await dialog.locator('.ant-btn-primary').click();
    await page.locator('.ant-message', { hasText: '已记录' }).waitFor();
    await page.locator('.records-table .ant-table-row', { hasText: '诫勉谈话' }).waitFor();
    // The 办理过程 shows both records in words, the new one without reloading the page.
    await page.locator('.history-entry', { hasText: '记录问责' }).waitFor();
    expect(await page.locator('.history-entry', { hasText: '记录问责' }).innerText()).toContain(
      '诫勉谈话 · 办公室副主任',
    );
    await page.locator('.history-entry', { hasText: '记录约谈' }).waitFor();
    await ui.screenshot(page, '131-finding-records');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${stack.url}/supervision`);
    await page.locator('.records-table .ant-table-row').first().waitFor();
    await page.locator('.records-card').scrollIntoViewIfNeeded();
    await ui.screenshot(page, '132-records-phone');
    await page.setViewportSize({ width: 1366, height: 860 });

    const dashboard = (await api.get(`/dashboard?roundId=${world.roundId}`, 'office')).body as {
      byDepartment: { code: string; talks: number; accountabilityRecords: number }[];
    };
    const d1 = dashboard.byDepartment.find((d) => d.code === 'D1')!;
    expect([d1.talks, d1.accountabilityRecords]).toEqual([1, 1]);
    expect(ui.errors).toEqual([]);
  });
});
