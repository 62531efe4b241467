import { createHash } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';
import { Browsers, launchChromium, chooseField, chooseOption } from './support/browser';

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
      await chooseOption(other, other.locator('[data-testid="inbox-views"]'), '会议类');
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

  /** The error text shown under one form field. */
  const fieldError = (page: Page, fieldId: string): Locator =>
    page.locator(`.ant-form-item:has(#${fieldId}) .ant-form-item-explain-error`);

  async function pickDay(page: Page, fieldId: string, day: string): Promise<void> {
    const input = page.locator(`#${fieldId}`);
    await input.click();
    await input.fill(day);
    await input.press('Enter');
  }

  it('names the missing fields before any request, and drops a field’s error once it changes', async () => {
    const findingId = await world.createFinding({ title: '台账不健全' });
    const task = await world.mustTask(findingId, 'assign');
    const page = await ui.as('office');
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/complete')) sent.push(r.url());
    });
    await page.goto(`${stack.url}/findings/${findingId}/tasks/${task.id}`);
    await page.locator('.task-card form').waitFor();
    await page.locator('[data-testid=submit-task]').click();
    await expect(fieldError(page, 'responsibleLeaderId').innerText()).resolves.toBe(
      '请选择责任领导',
    );
    await expect(fieldError(page, 'leadDepartmentId').innerText()).resolves.toBe('请选择牵头部门');
    await expect(fieldError(page, 'dueAt').innerText()).resolves.toBe('请选择整改时限');
    expect(sent).toEqual([]);
    await ui.screenshot(page, '122-assign-required-fields');

    // Choosing the leader clears its message only.
    await chooseField(page, 'responsibleLeaderId', '张局长');
    await fieldError(page, 'responsibleLeaderId').waitFor({ state: 'detached' });
    expect(await fieldError(page, 'leadDepartmentId').count()).toBe(1);
    await chooseField(page, 'leadDepartmentId', '办公室');
    await fieldError(page, 'leadDepartmentId').waitFor({ state: 'detached' });

    // A deadline the API refuses (beyond DUE_DATE_HORIZON): its error, then gone on change.
    await pickDay(page, 'dueAt', '2099-12-31');
    await fieldError(page, 'dueAt').waitFor({ state: 'detached' });
    await page.locator('[data-testid=submit-task]').click();
    await expect(fieldError(page, 'dueAt').innerText()).resolves.toContain('期限超出允许的范围');
    expect(sent).toHaveLength(1);
    await pickDay(page, 'dueAt', '2099-12-30');
    await fieldError(page, 'dueAt').waitFor({ state: 'detached' });
    expect(sent).toHaveLength(1);
    expect((await world.finding(findingId)).stage).toBe('assign');
    // The refused request is logged by the browser; nothing else went wrong.
    expect(ui.errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    // The expected one is not carried over to the next test.
    ui.errors.length = 0;
  });

  it('shows a phone the task’s form near the top, the finding folded above it', async () => {
    const findingId = await world.createFinding({
      title: '专项资金使用不规范',
      dept: 'D1',
      measures: ['建立专项资金台账', '开展专项审计', '完善审批制度'],
    });
    const task = await world.mustTask(findingId, 'draft_measures');
    const page = await ui.as('dept1');
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${stack.url}/findings/${findingId}/tasks/${task.id}`);
      const form = page.locator('.task-card form');
      await form.waitFor();
      const folded = page.locator('[data-testid="finding-folded"]');
      await folded.waitFor();
      expect(await page.locator('.finding-beside').count()).toBe(0);
      // Folded: the measures of the finding are not laid out until asked for.
      expect(await folded.locator('.ant-collapse-item-active').count()).toBe(0);
      // From the page's top, wherever it is scrolled.
      const top = await form.evaluate(
        (el) =>
          el.getBoundingClientRect().top + (globalThis as unknown as { scrollY: number }).scrollY,
      );
      expect(top).toBeLessThan(900);
      await ui.screenshot(page, '123-task-phone-form-first');
      await folded.locator('.ant-collapse-header').click();
      await folded.locator('.ant-collapse-panel-active', { hasText: '开展专项审计' }).waitFor();
      // Unfolded, the form moves down but stays on the page.
      expect(await form.isVisible()).toBe(true);
    } finally {
      await page.setViewportSize({ width: 1366, height: 860 });
    }
    // On a laptop the finding stands beside the form, as before.
    await page.locator('.finding-beside').waitFor();
    expect(ui.errors).toEqual([]);
  });

  it('shows a phone what a decision is on (the measures to approve) open above its form', async () => {
    const findingId = await world.createFinding({ title: '公务接待超标准', dept: 'D1' });
    await world.advance(findingId, 'approve_measures');
    const task = await world.mustTask(findingId, 'approve_measures');
    const page = await ui.as('leader1');
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${stack.url}/findings/${findingId}/tasks/${task.id}`);
      const folded = page.locator('[data-testid="finding-folded"]');
      // The drafted measures (World's draft) are laid out without a tap, the form below them.
      await folded.locator('.ant-collapse-panel-active', { hasText: '二是开展专项检查' }).waitFor();
      const measuresBottom = await folded.evaluate((el) => el.getBoundingClientRect().bottom);
      const formTop = await page
        .locator('.task-card form')
        .evaluate((el) => el.getBoundingClientRect().top);
      expect(formTop).toBeGreaterThan(measuresBottom);
      await ui.screenshot(page, '123b-decision-phone-subject-first');
    } finally {
      await page.setViewportSize({ width: 1366, height: 860 });
    }
    expect(ui.errors).toEqual([]);
  });

  it('posts a comment carrying a file, shown as a link with a preview in the thread', async () => {
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    );
    const page = await ui.as('dept1');
    await page.goto(`${stack.url}/findings/${findingA}`);
    const panel = page.locator('[data-testid="comments"]');
    await panel.waitFor();
    await panel
      .locator('.comment-attach input[type=file]')
      .setInputFiles({ name: '二季度台账.pdf', mimeType: 'application/pdf', buffer: pdf });
    await panel.locator('[data-testid="pending-file"]', { hasText: '二季度台账.pdf' }).waitFor();
    await panel.locator('[data-testid="comment-text"]').fill('二季度台账已补齐，见附件');
    const posted = page.waitForResponse(
      (r) =>
        r.url().endsWith(`/api/findings/${findingA}/comments`) && r.request().method() === 'POST',
    );
    await panel.locator('[data-testid="comment-send"]').click();
    expect((await posted).status()).toBe(201);
    const comment = panel.locator('.comment', { hasText: '二季度台账已补齐' });
    const file = comment.locator('[data-testid="stored-file"]', { hasText: '二季度台账.pdf' });
    await file.waitFor();
    expect(await panel.locator('[data-testid="pending-file"]').count()).toBe(0);

    // As stored: the comment carries the file with the hash of its bytes.
    const thread = await world.api.get(`/findings/${findingA}/comments`, 'office');
    const stored = thread.body.items.find((c: { text: string }) =>
      c.text.includes('二季度台账已补齐'),
    );
    expect(stored.files).toEqual([
      expect.objectContaining({
        filename: '二季度台账.pdf',
        mimeType: 'application/pdf',
        sha256: createHash('sha256').update(pdf).digest('hex'),
      }),
    ]);
    await ui.screenshot(page, '124-comment-with-attachment');
    await file.locator('[data-testid="evidence-preview"]').click();
    await page.locator('[data-testid="evidence-preview-body"] iframe').waitFor();
    await page.keyboard.press('Escape');
    expect(ui.errors).toEqual([]);
  });
});
