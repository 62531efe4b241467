import type { Browser } from 'playwright-core';
import type { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';
import { Browsers, launchChromium } from './support/browser';

/**
 * The page after sign-in leads with what the person acts on or watches. The supervisor: the
 * 督办台账's overdue, escalated and nearly due findings and the supervision orders awaiting
 * their acceptance (also in their inbox below); the inspector, who acts on nothing: the unit's
 * and each round's progress and the overdue findings; a leader: their own findings' figures.
 * Then 立即回头看 on a closed finding and 抽查回头看 on the round, in the Chinese UI.
 * Steps fall due in seconds (STEP_DUE), so a finding left at a step is overdue and escalated.
 */
describe('the web app: home pages by role, and look-back on demand', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  let browser: Browser;
  let ui: Browsers;
  let overdue: string;
  let dueSoon: string;
  let ordered: string;
  const closed: string[] = [];

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true', STEP_DUE: '3s' });
    world = await World.create(stack, undefined, { title: '县委第一巡察组反馈意见' });
    api = world.api;
    // Left at the leader's approval: its step falls due in 3 s, is overdue and escalates.
    overdue = await world.createFinding({ title: '逾期：公务用车管理不规范', dept: 'D1' });
    await world.advance(overdue, 'approve_measures');
    // At the evidence step, due with the finding tomorrow: yellow (临近期限).
    dueSoon = await world.createFinding({
      title: '临期：专项资金台账不全',
      dept: 'D2',
      dueAt: inDays(1),
    });
    await world.advance(dueSoon, 'evidence');
    // Two closed (one for 立即回头看, one for the sample); one with an answered order.
    for (const title of ['已销号：会议记录缺失', '已销号：采购程序不规范']) {
      const id = await world.createFinding({ title, dept: 'D1', dueAt: inDays(60) });
      await world.advance(id, 'closed');
      closed.push(id);
    }
    ordered = await world.createFinding({
      title: '督办：执法记录仪管理不规范',
      dept: 'D1',
      dueAt: inDays(60),
    });
    await world.advance(ordered, 'evidence');
    const issued = await api.post(`/findings/${ordered}/supervision-orders`, 'supervisor', {
      departmentId: world.dept('D1'),
      requirement: '请报送执法记录仪清点情况',
      dueAt: inDays(7).slice(0, 10),
    });
    expect(issued.status).toBe(201);
    const answered = await api.post(`/tasks/${issued.body.taskId}/complete`, 'dept1', {
      answer: '已完成清点并报送',
    });
    expect(answered.status).toBe(200);
    await pollUntil(
      'the overdue finding to escalate',
      async () => (await api.get(`/findings/${overdue}`, 'office')).body.escalationLevel >= 1,
      30_000,
    );
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
  });

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  const total = async (path: string, as: string) => (await api.get(path, as)).body.total as number;

  it('the supervisor’s home leads with the ledger’s figures and the orders awaiting acceptance', async () => {
    const page = await ui.as('supervisor');
    await page.goto(`${stack.url}/`);
    const figure = (id: string) => page.locator(`[data-testid=${id}] .ant-statistic-content`);
    // Each figure is the ledger's own count under that reason.
    for (const reason of ['overdue', 'escalated', 'due_soon']) {
      const n = await total(`/supervision?reason=${reason}&pageSize=1`, 'supervisor');
      expect(n).toBeGreaterThan(0);
      await pollUntil(`the ${reason} figure`, async () =>
        (await figure(`home-${reason}`).innerText()).trim() === String(n) ? true : undefined,
      );
    }
    await pollUntil('the orders figure', async () =>
      (await figure('home-orders-awaiting').innerText()).trim() === '1' ? true : undefined,
    );
    const orderRow = page.locator('[data-testid=home-order-row]');
    await expect(orderRow.innerText()).resolves.toContain('督办：执法记录仪管理不规范');
    // The head comes first, the inbox below it, with the order to accept among the tasks.
    const inboxRow = page.locator(
      `.inbox-table tr[data-kind="supervision_order_review"][data-finding="${ordered}"]`,
    );
    await inboxRow.waitFor();
    const headY = (await page.locator('.home-head').boundingBox())?.y ?? Infinity;
    const inboxY = (await page.locator('.inbox-table').boundingBox())?.y ?? -1;
    expect(headY).toBeLessThan(inboxY);
    await ui.screenshot(page, '170-home-supervisor');

    // The figure opens the inbox of that kind: only orders to accept are listed.
    await page.locator('[data-testid=home-orders-awaiting]').click();
    await page.waitForURL(/kind=supervision_order_review/);
    await pollUntil('the inbox narrowed to orders', async () => {
      const kinds = await page
        .locator('.inbox-table tbody tr[data-kind]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
      return kinds.length === 1 && kinds[0] === 'supervision_order_review' ? true : undefined;
    });
    await ui.screenshot(page, '171-home-supervisor-orders');
    // Back to all kinds for what follows (the filter is kept on this device).
    await page.locator('.ant-tag-checkable-checked').click();

    // The overdue figure opens the ledger under that reason.
    await page.goto(`${stack.url}/`);
    await page.locator('[data-testid=home-overdue]').click();
    await page.waitForURL(/\/supervision\?reason=overdue/);
    await page
      .locator('.supervision-table .ant-table-row', { hasText: '逾期：公务用车管理不规范' })
      .waitFor();

    await page.goto(`${stack.url}/`);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('[data-testid=home-order-row]').waitFor();
    await ui.screenshot(page, '172-home-supervisor-phone');
    await page.setViewportSize({ width: 1366, height: 860 });
    expect(ui.errors).toEqual([]);
  });

  it('the inspector’s home is the progress they watch and what is overdue, with no inbox', async () => {
    const page = await ui.as('inspector');
    await page.goto(`${stack.url}/`);
    await expect(page.locator('.app-nav a[href="/"]').innerText()).resolves.toBe('首页');
    const dashboard = (await api.get('/dashboard', 'inspector')).body;
    const progress = page.locator('[data-testid=home-unit-progress]');
    await pollUntil('the unit progress', async () =>
      (await progress.innerText()).includes(`${dashboard.closed} / ${dashboard.total}`)
        ? true
        : undefined,
    );
    const round = page.locator('[data-testid=home-round-row]', { hasText: '县委第一巡察组' });
    const r = (await api.get(`/rounds/${world.roundId}`, 'inspector')).body;
    await expect(round.innerText()).resolves.toContain(
      `${r.counts.byStage.closed}/${r.counts.total}`,
    );
    // The overdue list is the API's overdue findings.
    const late = (await api.get('/findings?overdue=true', 'inspector')).body;
    expect(late.items.map((f: { id: string }) => f.id)).toContain(overdue);
    const rows = page.locator('[data-testid=home-overdue-row]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(late.items.length);
    await expect(page.locator('.home-inspector').innerText()).resolves.toContain(
      '逾期：公务用车管理不规范',
    );
    expect(await page.locator('.inbox-table').count()).toBe(0);
    await ui.screenshot(page, '173-home-inspector');
    await page.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot(page, '174-home-inspector-phone');
    await page.setViewportSize({ width: 1366, height: 860 });
    expect(ui.errors).toEqual([]);
  });

  it('a leader’s home leads with their own findings’ figures', async () => {
    const page = await ui.as('leader1');
    await page.goto(`${stack.url}/`);
    const mine = (await api.get('/dashboard', 'leader1')).body.byLeader.find(
      (l: { leaderId: string }) => l.leaderId === api.userId('leader1'),
    );
    expect(mine.overdue).toBeGreaterThan(0);
    const value = (id: string) =>
      page.locator(`[data-testid=${id}] .ant-statistic-content`).innerText();
    await pollUntil('the leader figures', async () =>
      (await value('home-leader-overdue')).trim() === String(mine.overdue) ? true : undefined,
    );
    await expect(value('home-leader-open')).resolves.toContain(String(mine.open));
    await expect(value('home-leader-closed')).resolves.toContain(String(mine.closed));
    await page.locator('.inbox-table').waitFor();
    await ui.screenshot(page, '175-home-leader');
    await page.locator('[data-testid=home-leader-overdue]').click();
    await page.waitForURL(/\/findings\?.*overdue=true/);
    await page.locator('.ant-table-row', { hasText: '逾期：公务用车管理不规范' }).waitFor();
    expect(ui.errors).toEqual([]);
  });

  it('立即回头看 on a closed finding, and 抽查回头看 on the round', async () => {
    const page = await ui.as('supervisor');
    await page.goto(`${stack.url}/findings/${closed[0]}`);
    await page.locator('[data-testid=look-back-now]').click();
    await ui.screenshot(page, '176-look-back-now-confirm');
    await page.locator('[data-testid=look-back-now-ok]').click();
    // The page shows the open task and the history line once the task is open.
    await page.locator('.history-entry', { hasText: '立即回头看：提前启动回头看' }).waitFor();
    await expect(page.locator('.open-tasks-card').innerText()).resolves.toContain('回头看');
    expect(await page.locator('[data-testid=look-back-now]').count()).toBe(0);
    expect(await api.taskFor('supervisor', closed[0], 'look_back')).toBeDefined();
    await ui.screenshot(page, '177-look-back-started');

    // Not for a finding still running, nor for the inspector.
    await page.goto(`${stack.url}/findings/${overdue}`);
    await page.locator('.finding-head').waitFor();
    expect(await page.locator('[data-testid=look-back-now]').count()).toBe(0);

    await page.goto(`${stack.url}/rounds/${world.roundId}`);
    await page.locator('[data-testid=look-back-sample]').click();
    const dialog = page.locator('.ant-modal', { hasText: '抽查数量' });
    await dialog.waitFor();
    // Two asked for, one waiting: the count is refused, naming why.
    await dialog.locator('input').first().fill('2');
    await dialog.locator('input').nth(1).fill('20261204');
    const seen = ui.errors.length;
    await page.locator('[data-testid=look-back-sample-ok]').click();
    await dialog
      .locator('.ant-form-item-explain-error', { hasText: '抽查数量超过本轮待回头看' })
      .waitFor();
    // The browser logs the refused request (400): expected here, and only that.
    expect(ui.errors.splice(seen)).toEqual([
      expect.stringContaining('status of 400 (Bad Request)'),
    ]);
    await dialog.locator('input').first().fill('1');
    await page.locator('[data-testid=look-back-sample-ok]').click();
    const result = page.locator('[data-testid=look-back-sample-result]');
    await result.waitFor();
    await expect(result.innerText()).resolves.toContain('随机种子 20261204');
    await expect(result.innerText()).resolves.toContain('已销号：采购程序不规范');
    expect(await api.taskFor('supervisor', closed[1], 'look_back')).toBeDefined();
    await ui.screenshot(page, '178-look-back-sample');
    await page.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot(page, '179-look-back-sample-phone');
    await page.setViewportSize({ width: 1366, height: 860 });

    const inspector = await ui.as('inspector');
    await inspector.goto(`${stack.url}/rounds/${world.roundId}`);
    await inspector.locator('.round-page .page-head').waitFor();
    expect(await inspector.locator('[data-testid=look-back-sample]').count()).toBe(0);
    expect(ui.errors).toEqual([]);
  });
});
