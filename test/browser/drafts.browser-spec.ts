import type { Browser, Page } from 'playwright-core';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';
import { Browsers, LAPTOP, launchChromium } from './support/browser';

const PASSWORD = 'Zg-drafts-2026!';

/**
 * 草稿 and 批量同意 in the browser: a clerk saves a half-written measure plan, another clerk of
 * the department opens the task, finds the draft (with who saved it), completes it; a leader
 * approves two plans in one go from the inbox.
 */
describe('the web app: drafts and batch approval', () => {
  let stack: TestStack;
  let world: World;
  let browser: Browser;
  let ui: Browsers;

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true' });
    world = await World.create(stack);
    const clerk = await world.api.post('/users', 'office', {
      username: 'dept1b',
      displayName: '一处内勤乙',
      password: PASSWORD,
      roles: ['department'],
      departmentId: world.dept('D1'),
    });
    if (clerk.status !== 201) throw new Error(`dept1b: ${JSON.stringify(clerk.body)}`);
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
  });

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  /** The second clerk signs in with a password (not a demo user). */
  async function signIn(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'zh-CN' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('pageerror', (e) => ui.errors.push(`${username}: ${e.message}`));
    await page.goto(`${stack.url}/login`);
    await page.locator('input[autocomplete=username]').fill(username);
    await page.locator('input[autocomplete=current-password]').fill(PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.locator('.app-header').waitFor();
    return page;
  }

  it('keeps a half-written plan for another clerk, who completes it', async () => {
    const findingId = await world.createFinding({ title: '草稿测试问题', dept: 'D1' });
    const task = await world.mustTask(findingId, 'draft_measures');
    const path = `/findings/${findingId}/tasks/${task.id}`;

    const first = await ui.as('dept1');
    await first.goto(`${stack.url}${path}`);
    const text0 = first.locator('[data-testid=measure-0] textarea');
    await text0.fill('一是建立党费收缴台账');
    await first.locator('[data-testid=add-measure]').click();
    await first.locator('[data-testid=measure-1] textarea').fill('二是（待补充）');
    await first.locator('[data-testid=save-draft]').click();
    await first.locator('[data-testid=draft-note]').waitFor();
    expect(await first.locator('[data-testid=draft-note]').innerText()).toContain('草稿由');
    await ui.screenshot(first, '90-draft-saved');
    // Not a submission: the finding is still at 制定整改措施.
    expect((await world.finding(findingId)).stage).toBe('draft_measures');

    const second = await signIn('dept1b');
    await second.goto(`${stack.url}${path}`);
    const note = second.locator('[data-testid=draft-note]');
    await note.waitFor();
    expect(await note.innerText()).toContain('草稿由');
    await second.locator('[data-testid=measure-1] textarea').waitFor();
    expect(await second.locator('[data-testid=measure-0] textarea').inputValue()).toBe(
      '一是建立党费收缴台账',
    );
    await second.locator('[data-testid=measure-1] textarea').fill('二是开展专项检查');
    await ui.screenshot(second, '91-draft-resumed');
    await second.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot(second, '92-draft-resumed-phone');
    await second.setViewportSize(LAPTOP);
    await second.locator('[data-testid=submit-task]').click();
    await second.waitForURL(`${stack.url}/`);
    expect((await world.finding(findingId)).stage).toBe('approve_measures');
    await second.context().close();
  });

  it('lets a leader approve two plans in one go from the inbox', async () => {
    const plans: string[] = [];
    for (const title of ['批量同意甲', '批量同意乙']) {
      const f = await world.createFinding({ title, dept: 'D1', leader: 'leader1' });
      await world.advance(f, 'approve_measures');
      plans.push(f);
    }
    const page = await ui.as('leader1');
    await page.goto(`${stack.url}/`);
    for (const title of ['批量同意甲', '批量同意乙']) {
      const row = page.locator('.inbox-table .ant-table-row', { hasText: title });
      await row.locator('.ant-checkbox-input').check();
    }
    await page.locator('[data-testid=batch-approve]', { hasText: '(2)' }).click();
    await page.locator('[data-testid=batch-comment]').fill('同意，抓紧落实');
    await ui.screenshot(page, '93-batch-approve-confirm');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    const result = page.locator('[data-testid=batch-result]');
    await result.waitFor();
    expect(await result.innerText()).toContain('同意 2 项');
    for (const f of plans) expect((await world.finding(f)).stage).toBe('evidence');
    await page.locator('.ant-modal-wrap').waitFor({ state: 'hidden' });
    await ui.screenshot(page, '94-batch-approved');
    await page.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot(page, '95-inbox-phone-after-batch');
    expect(ui.errors).toEqual([]);
  });
});
