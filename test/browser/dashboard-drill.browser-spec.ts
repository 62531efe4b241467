import type { Browser, Page } from 'playwright-core';
import type { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';
import { Browsers, launchChromium } from './support/browser';

/**
 * The dashboard answers questions in the browser: a stage bar and a light slice open the list
 * behind them (the filters in the address, the list's total the figure clicked), the weekly
 * trend is drawn, the per-leader table links to a leader's findings, a leader sees their own
 * row, and a long department name keeps its label, on a laptop and at 390 px.
 */
const LONG_NAME = '区市场监督管理局综合执法大队';

describe('the web app: dashboard drill-down', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  let browser: Browser;
  let ui: Browsers;

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true', STEP_DUE: '30d', WARN_BEFORE: '2d' });
    world = await World.create(stack, undefined, { title: '县委第二巡察组反馈意见' });
    api = world.api;
    const renamed = await api.request('PATCH', `/departments/${world.dept('D1')}`, {
      as: 'office',
      body: { name: LONG_NAME },
    });
    expect(renamed.status).toBe(200);
    await world.createFinding({ title: '临期：专项资金台账不全', dept: 'D1', dueAt: inDays(1) });
    await world.createFinding({ title: '正常：制度未建', dept: 'D2', dueAt: inDays(20) });
    await world.createFinding({ title: '正常：会议记录缺失', dept: 'D1', dueAt: inDays(30) });
    await world.createFinding({ title: '待交办：问题未分' });
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
  });

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  const openDashboard = async (page: Page) => {
    await page.goto(`${stack.url}/dashboard?roundId=${world.roundId}`);
    await page.locator('[data-testid="stage-chart"] canvas').waitFor();
    await page.locator('[data-testid="light-chart"] canvas').waitFor();
  };
  const box = async (page: Page, testId: string) => {
    const b = await page.locator(`[data-testid="${testId}"] canvas`).first().boundingBox();
    if (!b) throw new Error(`no ${testId}`);
    return b;
  };
  const listRows = async (page: Page, total: number) => {
    await page.locator(`[data-testid="findings-total"][data-value="${total}"]`).waitFor();
    const rows = page.locator('.findings-table .ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(total);
    return rows;
  };

  it('a stage bar and a light slice open the findings behind them', async () => {
    const page = await ui.as('office');
    await openDashboard(page);
    const dash = (await api.get(`/dashboard?roundId=${world.roundId}`, 'office')).body;
    await ui.screenshot(page, '150-dashboard-desktop');

    // The 制定措施 bar (second of the stages; the grid leaves 40 px left, 16 right, 60 below).
    const stage = await box(page, 'stage-chart');
    const band = (stage.width - 56) / 9;
    await page.mouse.click(stage.x + 40 + 1.5 * band, stage.y + stage.height - 63);
    await page.waitForURL(/\/findings\?.*stage=draft_measures/);
    expect(new URL(page.url()).searchParams.get('roundId')).toBe(world.roundId);
    const rows = await listRows(page, dash.byStage.draft_measures);
    expect(dash.byStage.draft_measures).toBe(3);
    for (const text of await rows.allInnerTexts()) expect(text).toContain('制定措施');
    await page.locator('.drill-filters .ant-tag', { hasText: '制定措施' }).waitFor();
    await ui.screenshot(page, '151-findings-drilled');

    // The green slice: the first one, clockwise from the top of the ring.
    await openDashboard(page);
    const pie = await box(page, 'light-chart');
    const slices = (['green', 'yellow', 'red', 'unassigned'] as const).filter(
      (l) => dash.byLight[l],
    );
    const total = slices.reduce((n, l) => n + dash.byLight[l], 0);
    const angle = Math.PI / 2 - (Math.PI * dash.byLight.green) / total; // its middle
    const r = 0.55 * (Math.min(pie.width, pie.height) / 2);
    await page.mouse.click(
      pie.x + pie.width / 2 + r * Math.cos(angle),
      pie.y + pie.height / 2 - r * Math.sin(angle),
    );
    await page.waitForURL(/light=green/);
    const green = await listRows(page, dash.byLight.green);
    expect(dash.byLight.green).toBe(2);
    for (const text of await green.allInnerTexts()) expect(text).toContain('正常：');
  });

  it('draws the weekly trend and the per-leader table, and a leader sees their own', async () => {
    const page = await ui.as('office');
    await openDashboard(page);
    const trend = page.locator('[data-testid="trend-chart"]');
    await trend.locator('canvas').waitFor();
    const weeks = (await api.get(`/dashboard/trend?roundId=${world.roundId}`, 'office')).body
      .weeks as { weekStart: string; opened: number }[];
    await expect(trend.getAttribute('aria-label')).resolves.toContain(
      `${weeks[weeks.length - 1].weekStart} 新增 ${weeks[weeks.length - 1].opened}`,
    );
    const leaders = page.locator('.leader-table .ant-table-row');
    await leaders.first().waitFor();
    const dash = (await api.get(`/dashboard?roundId=${world.roundId}`, 'office')).body;
    expect(await leaders.count()).toBe(dash.byLeader.length);
    const open = dash.byLeader[0].open as number;
    await leaders.first().locator('td').nth(1).locator('a').click();
    await page.waitForURL(/leaderId=.*open=true|open=true.*leaderId=/);
    await listRows(page, open);

    const leader = await ui.as('leader1');
    await openDashboard(leader);
    const mine = leader.locator('[data-testid="my-findings"] .ant-table-row');
    await mine.first().waitFor();
    await expect(mine.first().innerText()).resolves.toContain(String(open));
    await ui.screenshot(leader, '152-dashboard-leader');
  });

  it('keeps long department names at 390 px', async () => {
    const page = await ui.as('office');
    await page.setViewportSize({ width: 390, height: 844 });
    await openDashboard(page);
    await page.locator('[data-testid="department-chart"] canvas').waitFor();
    await page.locator('.department-table', { hasText: LONG_NAME }).waitFor();
    await ui.screenshot(page, '153-dashboard-phone');
    await page.goto(`${stack.url}/findings?roundId=${world.roundId}&withdrawn=false&open=true`);
    await listRows(page, 4);
    await ui.screenshot(page, '154-findings-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(ui.errors).toEqual([]);
  });
});
