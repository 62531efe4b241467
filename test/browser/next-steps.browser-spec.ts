import type { Browser } from 'playwright-core';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';
import { Browsers, launchChromium } from './support/browser';

/**
 * The office writes the 通报's 下一步工作计划 on the round page, a paragraph per line; the
 * report it then downloads states them in section 四, and a phone shows the same dialog.
 */
describe('the web app: the office writes the next steps of the progress report', () => {
  let stack: TestStack;
  let world: World;
  let browser: Browser;
  let ui: Browsers;

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true' });
    world = await World.create(stack, undefined, { title: '县委第五巡察组反馈意见' });
    await world.createFinding({ title: '会议记录不全', dept: 'D1', dueAt: inDays(20) });
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
  });

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  it('saves them with the round and the report states them', async () => {
    const page = await ui.as('office');
    await page.goto(`${stack.url}/rounds/${world.roundId}`);
    await page.getByRole('button', { name: '下一步工作计划' }).click();
    const dialog = page.getByRole('dialog', { name: '通报第四部分：下一步工作计划' });
    await dialog.waitFor();
    await dialog
      .getByLabel('下一步工作计划')
      .fill('（一）每月召开一次整改推进会。\n（二）对逾期事项实行挂牌督办。');
    await ui.screenshot(page, '190-next-steps-dialog');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('下一步工作计划已保存').waitFor();
    await dialog.waitFor({ state: 'hidden' });

    const round = await world.api.get(`/rounds/${world.roundId}`, 'office');
    expect(round.body.nextSteps).toBe(
      '（一）每月召开一次整改推进会。\n（二）对逾期事项实行挂牌督办。',
    );
    const report = await fetch(`${stack.url}/api/rounds/${world.roundId}/report?format=md`, {
      headers: { authorization: `Bearer ${await world.api.token('office')}` },
    });
    const text = await report.text();
    expect(text.slice(text.indexOf('四、下一步工作计划'))).toContain(
      '（一）每月召开一次整改推进会。\n\n（二）对逾期事项实行挂牌督办。',
    );

    // Opened again, it holds what was saved; at phone width too.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: '下一步工作计划' }).click();
    await dialog.waitFor();
    expect(await dialog.getByLabel('下一步工作计划').inputValue()).toContain('挂牌督办');
    await ui.screenshot(page, '191-next-steps-phone');
    await dialog.getByRole('button', { name: /取\s*消|Cancel/ }).click();
    expect(ui.errors).toEqual([]);
  });

  it('is not offered to a department', async () => {
    const page = await ui.as('dept1');
    await page.goto(`${stack.url}/rounds/${world.roundId}`);
    await page
      .getByRole('button', { name: /整改台账/ })
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: '下一步工作计划' }).count()).toBe(0);
  });
});
