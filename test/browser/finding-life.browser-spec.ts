import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { Browsers, TABLET, launchChromium, chooseField } from './support/browser';
import { BROWSER_FEEDBACK } from './support/feedback-text';

/**
 * One imported finding walked through every stage to closure purely through the web app, as
 * the demo users whose job each step is, with a send-back at review level 2 and the API's
 * field errors shown under the fields they name. The API (same stack) is only asked to check
 * what the clicks did, never to act.
 */
interface NarrowLayout {
  width: number;
  pageWiderThanScreen: boolean;
  headerOverflows: boolean;
  narrowLabelsHidden: boolean;
  menuLinksOffScreen: string[];
  rowButtonsOffScreen: string[];
  rows: number;
}

/**
 * What a narrow screen changes in the inbox's layout, measured in the page: whether anything is
 * wider than the screen, and which of the menu's links and the rows' buttons lie outside it.
 * (A string, as the tests are type-checked without the DOM's types.)
 */
function narrowLayout(page: Page): Promise<NarrowLayout> {
  return page.evaluate(`(() => {
    const offScreen = (selector) =>
      [...document.querySelectorAll(selector)]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.left < 0 || r.right > window.innerWidth;
        })
        .map((el) => el.innerText);
    const header = document.querySelector('.app-header');
    const labels = [...document.querySelectorAll('.app-header .hide-narrow, .brand-text')];
    return {
      width: window.innerWidth,
      pageWiderThanScreen: document.documentElement.scrollWidth > window.innerWidth,
      headerOverflows: header.scrollWidth > header.clientWidth,
      narrowLabelsHidden:
        labels.length > 0 && labels.every((el) => getComputedStyle(el).display === 'none'),
      menuLinksOffScreen: offScreen('.app-nav a'),
      rowButtonsOffScreen: offScreen('.inbox-table tr[data-kind] button'),
      rows: document.querySelectorAll('.inbox-table tr[data-kind]').length,
    };
  })()`);
}

describe('the web app: a finding from import to closure', () => {
  let stack: TestStack;
  let api: ApiClient;
  let browser: Browser;
  let ui: Browsers;
  let roundId = '';
  let findingId = '';

  const FINDING = '部分农村公路日常养护巡查记录缺失';
  const PDF = Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  );
  const PDF_SHA256 = createHash('sha256').update(PDF).digest('hex');

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true' });
    api = new ApiClient(stack.url);
    await api.loadDemo();
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
  });

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  const dayFromNow = (days: number) => {
    const d = new Date(Date.now() + days * 86_400_000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  };

  const finding = async () => (await api.get(`/findings/${findingId}`, 'office')).body;

  /** Opens the caller's task of this kind on the finding from the inbox, as a person would. */
  async function openTask(page: Page, kind: string): Promise<void> {
    await page.goto(`${stack.url}/`);
    await page
      .locator(`.inbox-table tr[data-kind="${kind}"][data-finding="${findingId}"] .task-link`)
      .click();
    await page.locator('.task-card form').waitFor();
  }

  async function pickDay(page: Page, fieldId: string, day: string): Promise<void> {
    const input = page.locator(`#${fieldId}`);
    await input.click();
    await input.fill(day);
    await input.press('Enter');
  }

  /** The error text shown under one form field. */
  const fieldError = (page: Page, fieldId: string): Locator =>
    page.locator(`.ant-form-item:has(#${fieldId}) .ant-form-item-explain-error`);

  async function submitTask(page: Page): Promise<void> {
    await page.locator('[data-testid=submit-task]').click();
    // Success returns to the inbox.
    await page.waitForURL(`${stack.url}/`);
  }

  async function decide(
    page: Page,
    kind: string,
    decision: 'approve' | 'reject',
    comment?: string,
  ): Promise<void> {
    await openTask(page, kind);
    await page
      .locator('.ant-radio-button-wrapper', { hasText: decision === 'approve' ? '通过' : '退回' })
      .click();
    if (comment) await page.locator('#comment').fill(comment);
    await submitTask(page);
  }

  it("is served by the API: client routes get the app, unknown /api paths the API's JSON 404", async () => {
    for (const route of [
      '/',
      '/rounds',
      `/findings/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`,
    ]) {
      const res = await fetch(`${stack.url}${route}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('<div id="root">');
    }
    for (const route of ['/api/nope', '/api', '/assets/missing-bundle.js']) {
      const res = await fetch(`${stack.url}${route}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(((await res.json()) as { statusCode: number }).statusCode).toBe(404);
    }
    expect((await fetch(`${stack.url}/api/health`)).status).toBe(200);
  });

  it('shows the demo users on the login page and signs in by keyboard alone', async () => {
    const context = await browser.newContext({
      reducedMotion: 'reduce',
      viewport: { width: 1366, height: 860 },
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    await page.goto(`${stack.url}/`);
    // Unknown session: the app sends the visitor to the login page, which lists the demo users.
    await page.waitForURL(`${stack.url}/login`);
    await page.locator('.demo-user').first().waitFor();
    // Every demo account the API lists (both units' and the inspecting side's), each once.
    const demo = (await api.get('/public/demo-users', 'office')).body;
    const listed = await page
      .locator('.demo-user')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-username')));
    const expected = demo.users.map((u: { username: string }) => u.username);
    expect(expected.length).toBeGreaterThan(12);
    expect([...listed].sort()).toEqual([...expected].sort());
    await ui.screenshot(page, '01-login');
    // The username field has focus; Tab reaches the password, Enter submits.
    await page.keyboard.type('dept2');
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo');
    await page.keyboard.press('Enter');
    await page.locator('.inbox-table').waitFor();
    await expect(page.locator('[data-testid=user-menu]').innerText()).resolves.toContain(
      '政治处经办人',
    );
    await context.close();
  });

  it('office creates a round and imports the problem list after a dry-run preview', async () => {
    const page = await ui.as('office');
    await page.goto(`${stack.url}/rounds`);
    await page.locator('[data-testid=create-round]').click();
    await page.locator('#title').fill('县委第三巡察组反馈意见（浏览器测试）');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.waitForURL(/\/rounds\/[0-9a-f-]{36}$/);
    roundId = page.url().split('/').pop() as string;

    await page.locator('[data-testid=open-import]').click();
    await page.locator('[data-testid=import-text]').fill(BROWSER_FEEDBACK);
    await page.locator('[data-testid=import-preview]').click();
    await page.locator('[data-testid=import-result]').waitFor();
    const count = async (k: string) =>
      Number(await page.locator(`[data-testid=import-count-${k}]`).getAttribute('data-value'));
    // The preview is the API's dry run: compare with its own answer for the same text.
    const dry = await api.request('POST', `/rounds/${roundId}/import?dryRun=true`, {
      as: 'office',
      raw: BROWSER_FEEDBACK,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
    expect(dry.status).toBe(200);
    for (const k of ['areas', 'themes', 'findings', 'measures', 'longTermItems'])
      expect(await count(k)).toBe(dry.body[k]);
    expect(dry.body.findings).toBe(4);
    // The outline shown is the API's own reading of the text.
    expect(JSON.stringify(dry.body.tree)).toContain(FINDING);
    await expect(page.locator('.import-tree').innerText()).resolves.toContain(FINDING);
    // Nothing exists before confirming.
    expect((await api.get(`/findings?roundId=${roundId}`, 'office')).body.total).toBe(0);
    // The dialog scrolls inside the window: a tall window shows all of it at once.
    await page.setViewportSize({ width: 1366, height: 1900 });
    await ui.screenshot(page, '02-import-preview');
    await page.setViewportSize({ width: 1366, height: 860 });

    await page.locator('[data-testid=import-confirm]').click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });
    await page.locator('.findings-table tbody tr', { hasText: FINDING }).waitFor();
    await expect(page.locator('.findings-table tbody tr.ant-table-row').count()).resolves.toBe(4);
    const listed = await api.get(
      `/findings?roundId=${roundId}&q=${encodeURIComponent(FINDING)}`,
      'office',
    );
    expect(listed.body.total).toBe(1);
    findingId = listed.body.items[0].id;
    expect(listed.body.items[0].stage).toBe('assign');
    await ui.screenshot(page, '03-round');

    // The ledger and the report come down as files named by the API.
    for (const [button, extension] of [
      ['download-ledger', '.xlsx'],
      ['download-docx', '.docx'],
    ]) {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.locator(`[data-testid=${button}]`).click(),
      ]);
      expect(file.suggestedFilename()).toMatch(new RegExp(`\\${extension}$`));
      // Both are Office Open XML: zip files.
      expect(
        readFileSync(await file.path())
          .subarray(0, 2)
          .toString('latin1'),
      ).toBe('PK');
    }
  });

  it('office assigns it; a form names each missing field under it before sending anything', async () => {
    const page = await ui.as('office');
    await page.goto(`${stack.url}/`);
    await page.locator(`.inbox-table tr[data-finding="${findingId}"]`).waitFor();
    await ui.screenshot(page, '04-inbox-office');
    await openTask(page, 'assign');
    // Submitted empty: the rules the API follows (libs/contracts form-rules.ts) name every
    // missing field where it belongs, without a request.
    await page.locator('[data-testid=submit-task]').click();
    await expect(fieldError(page, 'responsibleLeaderId').innerText()).resolves.toContain(
      '请选择责任领导',
    );
    await expect(fieldError(page, 'leadDepartmentId').innerText()).resolves.toContain(
      '请选择牵头部门',
    );
    await expect(fieldError(page, 'dueAt').innerText()).resolves.toContain('请选择整改时限');
    expect((await finding()).stage).toBe('assign');
    await ui.screenshot(page, '05-assign-field-errors');

    await chooseField(page, 'responsibleLeaderId', '张局长');
    await chooseField(page, 'leadDepartmentId', '办公室');
    await pickDay(page, 'dueAt', dayFromNow(45));
    await submitTask(page);
    const f = await finding();
    expect(f.stage).toBe('draft_measures');
    expect(f.responsibleLeaderId).toBe(api.userId('leader1'));
    expect(f.leadDepartmentId).toBe(api.departments.get('D1'));
  });

  it('dept1 edits the measures (add, reorder, remove, per-measure deadline) and fixes an empty one', async () => {
    const page = await ui.as('dept1');
    await openTask(page, 'draft_measures');
    const imported = (await finding()).measures.map((m: { text: string }) => m.text);
    expect(imported).toHaveLength(3);
    // The imported draft comes pre-filled.
    await expect(page.locator('#measures_2_text').inputValue()).resolves.toBe(imported[2]);

    await page.locator('[data-testid=add-measure]').click();
    await page.locator('#measures_3_text').fill('建立农村公路养护巡查长效机制');
    await page.getByRole('button', { name: '第 4 条上移' }).click();
    await expect(page.locator('#measures_2_text').inputValue()).resolves.toBe(
      '建立农村公路养护巡查长效机制',
    );
    await page.getByRole('button', { name: '删除第 2 条措施' }).click();
    await pickDay(page, 'measures_0_dueAt', dayFromNow(20));
    await page.locator('#measures_0_text').fill('');
    await page.locator('[data-testid=submit-task]').click();
    await expect(fieldError(page, 'measures_0_text').innerText()).resolves.toContain(
      '请填写措施内容',
    );
    await ui.screenshot(page, '06-measures-field-error');

    await page.locator('#measures_0_text').fill('建立农村公路养护巡查台账，按周记录并每月通报');
    await submitTask(page);
    const f = await finding();
    expect(f.stage).toBe('approve_measures');
    expect(f.measures.map((m: { text: string }) => m.text)).toEqual([
      '建立农村公路养护巡查台账，按周记录并每月通报',
      '建立农村公路养护巡查长效机制',
      imported[2],
    ]);
    expect(f.measures[0].dueAt).not.toBeNull();
    expect(f.measures[0].ownerDepartmentId).toBe(api.departments.get('D1'));
  });

  it('leader1 approves the measures', async () => {
    const page = await ui.as('leader1');
    await openTask(page, 'approve_measures');
    await ui.screenshot(page, '07-approve-measures');
    await page.locator('.ant-radio-button-wrapper', { hasText: '通过' }).click();
    await submitTask(page);
    expect((await finding()).stage).toBe('evidence');
  });

  it('dept1 uploads evidence by drag-and-drop input, sees its SHA-256, ticks every measure and reports', async () => {
    const page = await ui.as('dept1');
    await openTask(page, 'submit_evidence');
    await page
      .locator('.evidence-uploader input[type=file]')
      .setInputFiles({ name: '养护巡查台账.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect(page.locator('[data-testid=sha256]').first().innerText()).resolves.toBe(
      PDF_SHA256,
    );
    for (const box of await page.locator('.measures-done input[type=checkbox]').all())
      await box.check();
    await page.locator('#report').fill('已建立养护巡查台账，按周记录，每月通报；长效机制已印发。');
    await ui.screenshot(page, '08-submit-evidence');
    await submitTask(page);
    const f = await finding();
    expect(f.stage).toBe('review_1');
    expect(f.evidence).toHaveLength(1);
    expect(f.evidence[0].sha256).toBe(PDF_SHA256);
    expect(f.measures.every((m: { done: boolean }) => m.done)).toBe(true);
  });

  it('dept1head approves at level 1; leader1 must give a comment to send it back at level 2', async () => {
    await decide(await ui.as('dept1head'), 'review_1', 'approve');
    expect((await finding()).stage).toBe('review_2');

    const page = await ui.as('leader1');
    await openTask(page, 'review_2');
    await page.locator('.ant-radio-button-wrapper', { hasText: '退回' }).click();
    await page.locator('[data-testid=submit-task]').click();
    await expect(fieldError(page, 'comment').innerText()).resolves.toContain(
      'comment is required to reject',
    );
    expect((await finding()).stage).toBe('review_2');
    await ui.screenshot(page, '09-review-reject-needs-comment');
    await page.locator('#comment').fill('台账缺少九月份巡查记录，请补充后重新提交。');
    await submitTask(page);
    const f = await finding();
    expect(f.stage).toBe('evidence');
    expect(f.sentBackCount).toBe(1);
  });

  it('dept1 is told by the bell, sees the comment beside the form and resubmits', async () => {
    const page = await ui.as('dept1');
    await page.goto(`${stack.url}/`);
    const notices = await api.get('/notifications', 'dept1');
    expect(notices.body.unread).toBeGreaterThan(0);
    const badge = page.locator('[data-testid=bell] .ant-badge-count');
    await pollUntil(
      'the bell to show the unread count',
      async () => (await badge.getAttribute('title')) === String(notices.body.unread),
      10_000,
    );
    await page.locator('[data-testid=bell]').click();
    await page.locator('.notice-panel .notice').first().waitFor();
    await expect(page.locator('.notice-panel').innerText()).resolves.toContain('退回');
    await ui.screenshot(page, '10-bell');
    await page.keyboard.press('Escape');

    await openTask(page, 'submit_evidence');
    await expect(page.locator('.earlier-reviews').innerText()).resolves.toContain(
      '台账缺少九月份巡查记录',
    );
    // The earlier file and ticks are kept; the report is amended.
    await expect(
      page.locator('.evidence-list input[type=checkbox]').first().isChecked(),
    ).resolves.toBe(true);
    await page.locator('#report').fill('已补充九月份巡查记录，台账完整。');
    await ui.screenshot(page, '11-resubmit-evidence');
    await submitTask(page);
    expect((await finding()).stage).toBe('review_1');
  });

  it('the three levels approve and the finding closes; its page shows progress, history and files', async () => {
    await decide(await ui.as('dept1head'), 'review_1', 'approve');
    await decide(await ui.as('leader1'), 'review_2', 'approve', '同意。');
    await decide(await ui.as('committee'), 'review_3', 'approve');
    const f = await finding();
    expect(f.stage).toBe('closed');
    expect(
      f.reviews.map((r: { level: number; decision: string }) => `${r.level}:${r.decision}`),
    ).toEqual(['0:approve', '1:approve', '2:reject', '1:approve', '2:approve', '3:approve']);

    const page = await ui.as('office');
    await page.goto(`${stack.url}/findings/${findingId}`);
    await page.locator('.finding-head [data-stage=closed]').waitFor();
    await expect(page.locator('.history').innerText()).resolves.toContain('对账销号');
    await expect(page.locator('.reviews').innerText()).resolves.toContain('台账缺少九月份巡查记录');
    await expect(
      page.locator('.ant-table', { hasText: '养护巡查台账.pdf' }).count(),
    ).resolves.toBeGreaterThan(0);
    await ui.screenshot(page, '12-finding-closed');
  });

  it('the dashboard shows the figures the API gives', async () => {
    const page = await ui.as('office');
    await page.goto(`${stack.url}/dashboard?roundId=${roundId}`);
    await page.locator('[data-testid=dash-total]').waitFor();
    const figures = (await api.get(`/dashboard?roundId=${roundId}`, 'office')).body;
    expect(figures.total).toBe(4);
    expect(figures.closed).toBe(1);
    for (const k of ['total', 'closed', 'overdue', 'escalated']) {
      expect(Number(await page.locator(`[data-testid=dash-${k}]`).getAttribute('data-value'))).toBe(
        figures[k],
      );
      await expect(
        page.locator(`[data-testid=dash-${k}] .ant-statistic-content-value`).innerText(),
      ).resolves.toBe(String(figures[k]));
    }
    const rows = page.locator('.department-table tbody tr.ant-table-row');
    expect(await rows.count()).toBe(figures.byDepartment.length);
    for (const dept of figures.byDepartment as {
      code: string;
      open: number;
      overdue: number;
      closed: number;
      sentBack: number;
    }[]) {
      const cells = await rows
        .filter({ hasText: `（${dept.code}）` })
        .locator('td')
        .allInnerTexts();
      expect(cells.slice(1, 5).map(Number)).toEqual([
        dept.open,
        dept.overdue,
        dept.closed,
        dept.sentBack,
      ]);
    }
    await page.locator('.chart canvas').first().waitFor();
    await ui.screenshot(page, '13-dashboard');
  });

  it("the inbox keeps each person's filters and lets them claim and release", async () => {
    const page = await ui.as('office');
    await page.goto(`${stack.url}/`);
    const rows = page.locator('.inbox-table tr.ant-table-row');
    await rows.first().waitFor();
    const counts = (await api.get('/inbox/counts', 'office')).body;
    await expect(
      page.locator('[data-testid=count-total] .ant-statistic-content-value').innerText(),
    ).resolves.toBe(String(counts.total));
    // Filter by kind through the count chip; the choice survives a reload.
    await page.locator('.ant-tag-checkable', { hasText: '交办' }).click();
    await pollUntil(
      'only assign tasks',
      async () => (await rows.count()) === counts.byKind.assign,
      10_000,
    );
    await page.reload();
    await rows.first().waitFor();
    await expect(page.locator('.filters').innerText()).resolves.toContain('交办');
    expect(await rows.count()).toBe(counts.byKind.assign);

    const first = rows.first();
    const findingOfRow = await first.getAttribute('data-finding');
    await first
      .getByRole('button', { name: '认 领' })
      .or(first.getByRole('button', { name: '认领' }))
      .click();
    await first.locator('.ant-tag', { hasText: '我已认领' }).waitFor();
    const claimed = await api.taskFor('office', findingOfRow as string, 'assign');
    expect(claimed).toMatchObject({ status: 'claimed', assigneeId: api.userId('office') });
    await first
      .getByRole('button', { name: '释 放' })
      .or(first.getByRole('button', { name: '释放' }))
      .click();
    await first.locator('.ant-tag', { hasText: '待认领' }).waitFor();
    expect((await api.taskFor('office', findingOfRow as string, 'assign')).status).toBe('open');
    // Clear the filter again for the pages that follow.
    await page.getByRole('button', { name: '清除筛选' }).click();
  });

  it('reads on a tablet and in English', async () => {
    // The office still has the other three imported findings to assign.
    const page = await ui.as('office');
    await page.goto(`${stack.url}/`);
    await page.locator('.inbox-table tr[data-kind=assign]').first().waitFor();
    // On the laptop the header spells out the app's name, the language and the user.
    expect(await narrowLayout(page)).toMatchObject({ narrowLabelsHidden: false });
    await page.setViewportSize(TABLET);
    await page.goto(`${stack.url}/`);
    await page.locator('.inbox-table tr[data-kind=assign]').first().waitFor();
    // On the tablet those labels give way, and nothing needs a sideways scroll: the page, the
    // header, the menu and every row's buttons fit its width.
    const tablet = await narrowLayout(page);
    expect(tablet).toEqual({
      width: TABLET.width,
      pageWiderThanScreen: false,
      headerOverflows: false,
      narrowLabelsHidden: true,
      menuLinksOffScreen: [],
      rowButtonsOffScreen: [],
      rows: expect.any(Number),
    });
    expect(tablet.rows).toBeGreaterThan(0);
    await ui.screenshot(page, '14-inbox-tablet');
    await page.getByRole('button', { name: '切换语言' }).click();
    await expect(page.locator('.page-title').innerText()).resolves.toBe('My inbox');
    await ui.screenshot(page, '15-inbox-tablet-en');
    await page.goto(`${stack.url}/findings/${findingId}`);
    await page.locator('.history').waitFor();
    await expect(page.locator('.history').innerText()).resolves.toContain(
      'Closed against the ledger',
    );
    await ui.screenshot(page, '16-finding-tablet-en');
    // Nothing went wrong in any page along the way.
    expect(ui.errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});
