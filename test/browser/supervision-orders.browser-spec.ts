import type { Browser, Page } from 'playwright-core';
import type { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';
import { Browsers, launchChromium } from './support/browser';

/**
 * 督办单 and 催办 in the Chinese UI: the supervisor issues an order on a finding to its lead
 * department (refused without a requirement); the department's clerk finds 督办单 in the inbox,
 * reads the requirement and answers it; the supervisor returns the first answer and accepts
 * the second; the finding page lists the order (desktop and phone). A nudge tells the
 * department with no task.
 */
describe('the web app: supervision orders and nudges', () => {
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

  const dayFromNow = (days: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
      new Date(Date.now() + days * 86_400_000),
    );

  const openTask = async (page: Page, findingId: string, kind: string) => {
    await page.goto(`${stack.url}/`);
    await page
      .locator(`.inbox-table tr[data-kind="${kind}"][data-finding="${findingId}"] .task-link`)
      .click();
    await page.locator('.task-card form').waitFor();
  };

  it('issue → answer → return → answer → accept, all in the Chinese UI', async () => {
    const id = await world.createFinding({ title: '督办：执法记录仪管理不规范', dept: 'D1' });
    const sup = await ui.as('supervisor');
    await sup.goto(`${stack.url}/findings/${id}`);
    await sup.locator('[data-testid=issue-supervision-order]').click();
    const dialog = sup.locator('.ant-modal', { hasText: '督办要求' });
    await dialog.waitFor();
    // The lead department is proposed; without a requirement nothing is sent.
    await expect(dialog.innerText()).resolves.toContain('办公室');
    const due = sup.locator('#supervision-order_dueAt');
    await due.click();
    await due.fill(dayFromNow(10));
    await due.press('Enter');
    await dialog.locator('.ant-btn-primary').click();
    const missing = dialog.locator('.ant-form-item-explain-error', { hasText: '请填写督办要求' });
    await missing.waitFor();
    expect((await api.get(`/findings/${id}`, 'supervisor')).body.supervisionOrders).toEqual([]);
    await sup
      .locator('[data-testid=supervision-order-requirement]')
      .fill('请于期限内完成执法记录仪清点，并报送管理制度修订情况');
    // The message goes once the requirement is written.
    await missing.waitFor({ state: 'detached' });
    await ui.screenshot(sup, '140-supervision-order-dialog');
    await dialog.locator('.ant-btn-primary').click();
    await sup.locator('[data-testid=supervision-orders]').waitFor();
    const issued = (await api.get(`/findings/${id}`, 'supervisor')).body.supervisionOrders;
    expect(issued).toEqual([
      expect.objectContaining({ departmentId: world.dept('D1'), status: 'open' }),
    ]);
    expect(issued[0].dueAt).toBe(new Date(`${dayFromNow(10)}T23:59:59.999+08:00`).toISOString());

    // The department's clerk: 督办单 in the inbox, the requirement above the answer.
    const clerk = await ui.as('dept1');
    await clerk.goto(`${stack.url}/`);
    const row = clerk.locator(
      `.inbox-table tr[data-kind="supervision_order"][data-finding="${id}"]`,
    );
    await expect(row.innerText()).resolves.toContain('督办单');
    await openTask(clerk, id, 'supervision_order');
    const context = clerk.locator('[data-testid=supervision-order-context]');
    await expect(context.innerText()).resolves.toContain('执法记录仪清点');
    await clerk.locator('[data-testid=supervision-order-answer-input]').fill('已完成清点');
    await ui.screenshot(clerk, '141-supervision-order-answer');
    await clerk.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot(clerk, '142-supervision-order-answer-phone');
    await clerk.setViewportSize({ width: 1366, height: 860 });
    await clerk.locator('[data-testid=submit-task]').click();
    await clerk.waitForURL(`${stack.url}/`);

    // The supervisor returns the first answer with a comment.
    await openTask(sup, id, 'supervision_order_review');
    await expect(
      sup.locator('[data-testid=supervision-order-answer]').innerText(),
    ).resolves.toContain('已完成清点');
    await sup.locator('.ant-radio-button-wrapper', { hasText: '退回重办' }).click();
    await sup.locator('[data-testid=decision-comment]').fill('未报送制度修订情况，请补充');
    await ui.screenshot(sup, '143-supervision-order-review');
    await sup.locator('[data-testid=submit-task]').click();
    await sup.waitForURL(`${stack.url}/`);

    // The department has it again, with the comment; it answers; the supervisor accepts.
    await openTask(clerk, id, 'supervision_order');
    await expect(
      clerk.locator('[data-testid=supervision-order-context]').innerText(),
    ).resolves.toContain('未报送制度修订情况');
    await clerk
      .locator('[data-testid=supervision-order-answer-input]')
      .fill('已完成清点，管理制度已修订印发');
    await clerk.locator('[data-testid=submit-task]').click();
    await clerk.waitForURL(`${stack.url}/`);
    await openTask(sup, id, 'supervision_order_review');
    await sup.locator('[data-testid=submit-task]').click();
    await sup.waitForURL(`${stack.url}/`);
    const done = (await api.get(`/findings/${id}`, 'supervisor')).body;
    expect(done.supervisionOrders[0]).toMatchObject({
      status: 'accepted',
      returnCount: 1,
      answer: '已完成清点，管理制度已修订印发',
    });

    // The finding page lists it, and its history has each step.
    await sup.goto(`${stack.url}/findings/${id}`);
    const list = sup.locator('[data-testid=supervision-orders]');
    await expect(list.innerText()).resolves.toContain('已办结');
    await sup.setViewportSize({ width: 390, height: 844 });
    await list.scrollIntoViewIfNeeded();
    await ui.screenshot(sup, '144-supervision-orders-on-finding-phone');
    await sup.setViewportSize({ width: 1366, height: 860 });
    const page = await sup.locator('body').innerText();
    expect(page).toContain('下督办单');
    expect(page).toContain('督办单验收通过');
  });

  it('a nudge tells the lead department, opens no task, and is in the history', async () => {
    const id = await world.createFinding({ title: '催办：交通管理职责不清', dept: 'D1' });
    const office = await ui.as('office');
    await office.goto(`${stack.url}/findings/${id}`);
    await office.locator('[data-testid=nudge]').click();
    await office.locator('[data-testid=nudge-text]').fill('请加快整改进度，本周内报送措施');
    await ui.screenshot(office, '145-nudge-dialog');
    await office.locator('.ant-modal .ant-btn-primary', { hasText: '发送催办' }).click();
    await pollUntil('the nudge in the history', async () =>
      (await api.get(`/findings/${id}`, 'office')).body.history.some(
        (h: { action: string }) => h.action === 'finding.nudged',
      ),
    );
    const notices = await api.get('/notifications', 'dept1');
    expect(
      notices.body.items.some(
        (n: { findingId: string; body: string }) =>
          n.findingId === id && n.body.includes('请加快整改进度'),
      ),
    ).toBe(true);
    const open = (await api.get(`/findings/${id}`, 'office')).body.openTasks;
    expect(open.map((t: { kind: string }) => t.kind)).toEqual(['draft_measures']);
    // The department sees neither button.
    const clerk = await ui.as('dept1');
    await clerk.goto(`${stack.url}/findings/${id}`);
    await clerk.locator('.finding-head').waitFor();
    expect(await clerk.locator('[data-testid=nudge]').count()).toBe(0);
    expect(await clerk.locator('[data-testid=issue-supervision-order]').count()).toBe(0);
  });
});
