import type { Browser } from 'playwright-core';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';
import { Browsers, chooseOption, launchChromium } from './support/browser';

/**
 * A finding's discussion in the browser: the department asks the office a question from its
 * task page and @mentions the leader; the leader's bell shows the mention in Chinese, and
 * "全部已读" clears the bell.
 */
describe('the web app: discussion on a finding', () => {
  let stack: TestStack;
  let world: World;
  let browser: Browser;
  let ui: Browsers;
  let findingId: string;

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true' });
    world = await World.create(stack);
    findingId = await world.createFinding({ title: '专项资金台账不全', dept: 'D1' });
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
  });

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  it('a question with an @mention reaches the leader, whose bell is cleared at once', async () => {
    const task = await world.mustTask(findingId, 'draft_measures');
    const dept = await ui.as('dept1');
    await dept.goto(`${stack.url}/findings/${findingId}/tasks/${task.id}`);
    const panel = dept.locator('.task-comments');
    await panel.locator('textarea').fill('请问本问题是否需要 D2 配合整改？');
    const leaderName = (await world.api.get('/me', 'leader1')).body.displayName as string;
    await chooseOption(
      dept,
      panel.locator('.ant-select', { has: dept.locator('#mentionUserIds') }),
      leaderName,
      { multiple: true, search: leaderName.slice(0, 2) },
    );
    await panel.locator('button[type="submit"]').click();
    await panel.locator('.comment', { hasText: '请问本问题是否需要 D2 配合整改？' }).waitFor();
    await ui.screenshot(dept, '55-task-comments');

    const leader = await ui.as('leader1');
    await leader.locator('[data-testid="bell"]').click();
    await leader.locator('.notice', { hasText: '在讨论中提到了您' }).waitFor();
    await ui.screenshot(leader, '56-bell-mention');
    await leader.locator('button', { hasText: '全部已读' }).click();
    await leader.locator('.notice-unread').first().waitFor({ state: 'detached' });
    expect((await world.api.get('/notifications?unread=true', 'leader1')).body.unread).toBe(0);

    await dept.setViewportSize({ width: 390, height: 844 });
    await dept.goto(`${stack.url}/findings/${findingId}`);
    await dept.locator('.comment', { hasText: 'D2 配合' }).waitFor();
    await ui.screenshot(dept, '57-finding-comments-phone');
    expect(ui.errors).toEqual([]);
  });
});
