import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { Browsers, LAPTOP, SCREENSHOT_DIR, chooseOption, launchChromium } from './support/browser';

/**
 * 组织管理 in the web app: the office adds a department and a person (whose temporary password
 * is shown once), makes a leader 分管 the new department; the person signs in with the temporary
 * password, can do nothing but change it, changes it and lands in the inbox; deactivated, their
 * open page sends them to sign in on its next request. The audit page finds their events and the
 * chain checks out; the assign form proposes the leader who oversees the chosen department; the
 * office hands a task someone else claimed back to the pool.
 */
describe('the web app: organisation, passwords and the audit log', () => {
  let stack: TestStack;
  let api: ApiClient;
  let browser: Browser;
  let ui: Browsers;
  /** The newcomer's own browser (not a demo user: signed in by hand). */
  let newcomer: { context: BrowserContext; page: Page } | undefined;
  let temporaryPassword = '';
  const NEW_PASSWORD = 'Qiangmima-2026';
  const PHONE = { width: 390, height: 844 };
  /** The open dropdown menu (closed ones stay in the page, hidden). */
  const MENU = '.ant-dropdown:not(.ant-dropdown-hidden)';

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true' });
    api = new ApiClient(stack.url);
    await api.loadDemo();
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
  });

  afterAll(async () => {
    await newcomer?.context.close().catch(() => undefined);
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  const shot = async (page: Page, name: string, phoneToo = true) => {
    await ui.screenshot(page, name);
    if (!phoneToo) return;
    await page.setViewportSize(PHONE);
    await ui.screenshot(page, `${name}-phone`);
    await page.setViewportSize(LAPTOP);
  };
  /** A modal's picture without scrolling the page underneath. */
  const shotModal = async (page: Page, name: string) => {
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-phone.png`) });
    await page.setViewportSize(LAPTOP);
  };

  const openOption = (page: Page, text: string) =>
    page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: text,
      })
      .first();

  const departments = async () =>
    (await api.get('/departments?pageSize=500', 'office')).body.items as {
      id: string;
      code: string;
      name: string;
    }[];
  const userNamed = async (username: string) =>
    ((await api.get('/users?pageSize=500', 'office')).body.items as any[]).find(
      (u) => u.username === username,
    );

  it('the office adds a department and a person, whose temporary password is shown once', async () => {
    const page = await ui.as('office');
    await page.locator('.app-nav a[href="/organisation/users"]').click();
    await page.getByRole('tab', { name: '部门' }).click();
    await page.waitForURL(/\/organisation\/departments$/);
    await page.locator('[data-testid="create-department"]').click();
    await page.locator('[data-testid="department-code"]').fill('D9');
    await page.locator('[data-testid="department-name"]').fill('信访办');
    await page
      .getByRole('dialog', { name: /新增部门/ })
      .locator('.ant-btn-primary')
      .click();
    await page.locator('[data-testid="departments"] tr', { hasText: '信访办' }).waitFor();
    const d9 = (await departments()).find((d) => d.code === 'D9');
    expect(d9).toMatchObject({ name: '信访办' });

    await page.getByRole('tab', { name: '人员' }).click();
    await page.waitForURL(/\/organisation\/users$/);
    await page.locator('[data-testid="users"] tr', { hasText: '李政委' }).waitFor();
    await shot(page, '70-users');

    await page.locator('[data-testid="create-user"]').click();
    await page.locator('[data-testid="user-username"]').fill('xinfang1');
    await page.locator('[data-testid="user-display-name"]').fill('信访办经办人');
    // Through chooseOption: a click as the dropdown opened once left the roles empty in CI.
    const select = (id: string) => page.locator('.ant-select', { has: page.locator(`#${id}`) });
    await chooseOption(page, select('roles'), '牵头部门', { multiple: true });
    await chooseOption(page, select('departmentId'), '信访办（D9）');
    await page
      .getByRole('dialog', { name: /新增人员/ })
      .locator('.ant-btn-primary')
      .click();

    const field = page.locator('[data-testid="temporary-password"]');
    await field.waitFor().catch(async (e: unknown) => {
      // Say what the form refused, if it did.
      const refused = await page.locator('.ant-form-item-explain-error').allInnerTexts();
      throw new Error(`${String(e)}\nform errors: ${JSON.stringify(refused)}`);
    });
    temporaryPassword = await field.inputValue();
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(10);
    await expect(page.getByRole('dialog', { name: '临时密码' }).innerText()).resolves.toContain(
      '只显示这一次',
    );
    await shotModal(page, '71-temporary-password');
    await page.locator('[data-testid="temporary-password-close"]').click();
    await field.waitFor({ state: 'detached' });

    const created = await userNamed('xinfang1');
    expect(created).toMatchObject({
      displayName: '信访办经办人',
      roles: ['department'],
      departmentId: d9!.id,
      mustChangePassword: true,
      active: true,
    });
    // The list names the new person with the role in words and the password still to change.
    const row = page.locator('[data-testid="users"] tr', { hasText: 'xinfang1' });
    await expect(row.innerText()).resolves.toMatch(/牵头部门[\s\S]*待改密码/);
  });

  it('the office makes a leader 分管 the new department', async () => {
    const page = await ui.as('office');
    await page.locator('[data-testid="user-actions-leader2"]').click();
    await page.locator(`${MENU} .ant-dropdown-menu-item`, { hasText: '分管' }).click();
    await chooseOption(page, page.locator('[data-testid="oversees-select"]'), '信访办（D9）', {
      multiple: true,
    });
    await page
      .getByRole('dialog', { name: /分管的部门/ })
      .locator('.ant-btn-primary')
      .click();
    const d9 = (await departments()).find((d) => d.code === 'D9')!;
    await pollUntil(
      'leader2 oversees D9',
      async () => (await userNamed('leader2'))?.oversees?.includes(d9.id),
      10_000,
    );
    await page
      .locator('[data-testid="users"] tr', { hasText: '李政委' })
      .filter({
        hasText: '信访办',
      })
      .waitFor();
    const overseers = await api.get(`/departments/${d9.id}/overseers`, 'office');
    expect(overseers.body.items.map((u: { username: string }) => u.username)).toEqual(['leader2']);
  });

  it('the newcomer signs in with the temporary password, must change it first, then sees the inbox', async () => {
    const context = await browser.newContext({
      reducedMotion: 'reduce',
      viewport: LAPTOP,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    newcomer = { context, page };
    page.on('pageerror', (e) => ui.errors.push(`xinfang1: ${e.message}`));
    await page.goto(`${stack.url}/login`);
    await page.locator('#username').fill('xinfang1');
    await page.locator('#password').fill(temporaryPassword);
    await page.locator('form button[type="submit"]').click();

    // Nothing but the change form, wherever the person goes.
    await page.locator('[data-testid="forced-password"]').waitFor();
    await page.goto(`${stack.url}/rounds`);
    await page.locator('[data-testid="forced-password"]').waitFor();
    await expect(page.locator('.app-nav').count()).resolves.toBe(0);
    await shot(page, '72-change-password');

    const error = (id: string) =>
      page.locator(`.ant-form-item:has(#${id}) .ant-form-item-explain-error`);
    // Checked before the round trip: too short, and the two entries differ.
    await page.locator('[data-testid="current-password"]').fill(temporaryPassword);
    await page.locator('[data-testid="new-password"]').fill('short');
    await page.locator('[data-testid="confirm-password"]').fill('shorter');
    await page.locator('[data-testid="change-password"]').click();
    await expect(error('newPassword').innerText()).resolves.toContain('至少 10 个字符');
    await expect(error('confirmPassword').innerText()).resolves.toContain('不一致');
    // The server's refusals are worded under their fields.
    await page.locator('[data-testid="current-password"]').fill('not-the-password');
    await page.locator('[data-testid="new-password"]').fill(NEW_PASSWORD);
    await page.locator('[data-testid="confirm-password"]').fill(NEW_PASSWORD);
    await page.locator('[data-testid="change-password"]').click();
    await expect(error('currentPassword').innerText()).resolves.toContain('当前密码不正确');
    await page.locator('[data-testid="current-password"]').fill(temporaryPassword);
    await page.locator('[data-testid="new-password"]').fill('xinfang1-abcdef');
    await page.locator('[data-testid="confirm-password"]').fill('xinfang1-abcdef');
    await page.locator('[data-testid="change-password"]').click();
    await expect(error('newPassword').innerText()).resolves.toContain('不能包含用户名');
    // The message slides in: picture it once it has.
    await page
      .locator('[class*="show-help-appear"], [class*="show-help-enter"]')
      .first()
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    await shot(page, '73-change-password-errors', false);

    await page.locator('[data-testid="new-password"]').fill(NEW_PASSWORD);
    await page.locator('[data-testid="confirm-password"]').fill(NEW_PASSWORD);
    await page.locator('[data-testid="change-password"]').click();
    // Signed in again with the new password, straight into the inbox.
    await page.locator('.app-header').waitFor();
    await page.locator('.app-nav a[href="/"]').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect((await userNamed('xinfang1')).mustChangePassword).toBe(false);
    // The temporary password no longer opens anything.
    const old = await api.post('/auth/login', undefined, {
      username: 'xinfang1',
      password: temporaryPassword,
    });
    expect(old.status).toBe(401);
  });

  it('the office deactivates the newcomer: their open page sends them to sign in', async () => {
    const office = await ui.as('office');
    await office.locator('[data-testid="user-actions-xinfang1"]').click();
    await office.locator(`${MENU} .ant-dropdown-menu-item`, { hasText: '停用' }).click();
    await office.locator('.ant-modal-confirm .ant-btn-primary').click();
    await pollUntil(
      'xinfang1 deactivated',
      async () => (await userNamed('xinfang1'))?.active === false,
      10_000,
    );
    await office
      .locator('[data-testid="users"] tr', { hasText: 'xinfang1' })
      .filter({ hasText: '已停用' })
      .waitFor();

    // Their next request answers 401 and the app signs them out. That request is either the
    // click below or the bell's 30-second poll, which on a slow run can come first: then the
    // page is already at sign-in and there is nothing left to click.
    const page = newcomer!.page;
    const rounds = page.locator('.app-nav a[href="/rounds"]');
    if (!/\/login/.test(page.url())) await rounds.click({ timeout: 5_000 }).catch(() => undefined);
    await page.waitForURL(/\/login/);
    await page.locator('#username').waitFor();
  });

  it('the audit page filters by that person and the chain checks out', async () => {
    const page = await ui.as('office');
    await page.locator('.app-nav a[href="/audit"]').click();
    await page.locator('[data-testid="audit-events"] .ant-table-row').first().waitFor();
    await page.locator('[data-testid="audit-actor"]').click();
    await page.keyboard.type('xinfang1');
    await openOption(page, '信访办经办人').click();
    await page.waitForURL(/actorId=/);
    const rows = page.locator('[data-testid="audit-events"] .ant-table-row');
    // Every row the newcomer's, once the filtered answer is in.
    const texts = await pollUntil(
      'only the newcomer’s events',
      async () => {
        const now = await rows.allInnerTexts();
        return now.length > 0 && now.every((x) => x.includes('信访办经办人')) && now;
      },
      15_000,
    );
    const all = texts.join('\n');
    expect(all).toContain('修改密码');
    expect(all).toContain('登录');

    await page.locator('[data-testid="audit-verify"]').click();
    const verdict = page.locator('[data-testid="audit-verification"]');
    await verdict.waitFor();
    await expect(verdict.getAttribute('data-ok')).resolves.toBe('true');
    await expect(verdict.innerText()).resolves.toContain('日志链完整');
    await shot(page, '74-audit');

    // What the office did to the person is found by the action's prefix.
    await page.goto(`${stack.url}/audit?action=user.`);
    await rows.filter({ hasText: '新增人员' }).first().waitFor();
    await rows.filter({ hasText: '修改人员' }).first().waitFor();
  });

  it('the assign form proposes the leader who oversees the chosen department', async () => {
    const round = await api.post('/rounds', 'office', {
      title: '县委第五巡察组反馈意见',
      source: 'inspection',
    });
    expect(round.status).toBe(201);
    const f = await api.post(`/rounds/${round.body.id}/findings`, 'office', {
      title: '信访积案化解不力',
      measures: ['一是逐件建立台账'],
    });
    expect(f.status).toBe(201);
    const findingId = f.body.id;
    const task = await pollUntil(
      'the assign task',
      async () => api.taskFor('office', findingId, 'assign'),
      20_000,
    );
    const page = await ui.as('office');
    await page.goto(`${stack.url}/findings/${findingId}/tasks/${task.id}`);
    await page.locator('.task-card form').waitFor();
    await page.locator('#leadDepartmentId').click();
    await openOption(page, '信访办（D9）').click();
    await page.locator('[data-testid="assign-overseer"]').waitFor();
    await expect(
      page.locator('.ant-form-item:has(#responsibleLeaderId) .ant-form-item-control').innerText(),
    ).resolves.toContain('李政委');
    await ui.screenshot(page, '75-assign-overseer');

    // Chosen by hand, a leader stays when the department changes.
    await page.locator('#responsibleLeaderId').click();
    await openOption(page, '张局长').click();
    await page.locator('#leadDepartmentId').click();
    await openOption(page, '办公室').click();
    await expect(
      page.locator('.ant-form-item:has(#responsibleLeaderId) .ant-form-item-control').innerText(),
    ).resolves.toContain('张局长');
    await expect(page.locator('[data-testid="assign-overseer"]').count()).resolves.toBe(0);
  });

  it('the office hands a task someone else claimed back to the pool', async () => {
    const round = await api.post('/rounds', 'office', {
      title: '县委第六巡察组反馈意见',
      source: 'inspection',
    });
    const f = await api.post(`/rounds/${round.body.id}/findings`, 'office', {
      title: '值班制度落实不到位',
      measures: ['一是修订值班制度'],
      leadDepartmentId: api.departments.get('D1'),
      responsibleLeaderId: api.userId('leader1'),
      dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    expect(f.status).toBe(201);
    const findingId = f.body.id;
    const task = await pollUntil(
      'the draft_measures task',
      async () => api.taskFor('dept1', findingId, 'draft_measures'),
      20_000,
    );
    expect((await api.post(`/tasks/${task.id}/claim`, 'dept1')).status).toBeLessThan(300);

    const page = await ui.as('office');
    await page.goto(`${stack.url}/findings/${findingId}/tasks/${task.id}`);
    await page.locator('.task-card').waitFor();
    await expect(page.locator('.task-card').innerText()).resolves.toContain('办公室经办人');
    await page.locator('[data-testid="release-for"]').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await pollUntil(
      'the task back in the pool',
      async () => (await api.taskFor('dept1', findingId, 'draft_measures'))?.status === 'open',
      10_000,
    );
    expect(ui.errors).toEqual([]);
  });

  it('a department that leads open findings stays active, and the office is told how many', async () => {
    const page = await ui.as('office');
    await page.goto(`${stack.url}/organisation/departments`);
    await page.locator('[data-testid="deactivate-department-D1"]').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page
      .locator('.ant-message-notice', { hasText: /该部门牵头的 [1-9]\d* 个问题尚未销号/ })
      .waitFor();
    const d1 = (await departments()).find((d) => d.code === 'D1') as { active?: boolean };
    expect(d1.active).toBe(true);
    await shot(page, '76-departments');
    // The browser logs the refused request itself; nothing else went wrong.
    expect(ui.errors.filter((e) => !e.includes('status of 409'))).toEqual([]);
  });

  it('the inspecting office manages the units’ people, each with their unit', async () => {
    const units = (await api.get('/units', 'xcb')).body.items as { code: string; name: string }[];
    const u2 = units.find((u) => u.code === 'U2')!;
    const page = await ui.as('xcb');
    // Seven sections and the unit switcher: the menu folds the last ones into its "…".
    await page.goto(`${stack.url}/organisation/users`);
    const row = page.locator('[data-testid="users"] tr', { hasText: 'u2office' });
    await row.waitFor();
    await expect(row.innerText()).resolves.toContain(u2.name);
    await ui.screenshot(page, '77-users-inspection-office');
  });
});
