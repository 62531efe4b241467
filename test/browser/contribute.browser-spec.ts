import type { Browser, Page } from 'playwright-core';
import type { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';
import { Browsers, launchChromium, chooseField } from './support/browser';

/**
 * 配合整改 and 退回交办 in the Chinese UI: the office assigns a finding with a co-department;
 * that department's clerk finds 配合整改 in the inbox and reports its part with a file; the lead
 * department sees it beside its evidence form (desktop and phone). The lead department returns
 * another finding to the office with a reason (refused without one), and the office's assign
 * task shows why.
 */
describe('the web app: co-departments’ contributions and 退回交办', () => {
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

  it('assigns with a co-department, which reports its part with a file; the lead department sees it', async () => {
    const id = await world.createFinding({ title: '配合：执法记录仪管理不规范' });
    const office = await ui.as('office');
    await openTask(office, id, 'assign');
    await chooseField(office, 'responsibleLeaderId', '张局长');
    await chooseField(office, 'leadDepartmentId', '办公室');
    // The co-departments: typed into the multiple select and chosen with Enter.
    const co = office.locator('#coDepartmentIds');
    await co.click();
    await co.fill('警务保障室');
    await office.keyboard.press('Enter');
    await office.keyboard.press('Escape');
    await office
      .locator('.ant-form-item:has(#coDepartmentIds) .ant-select-selection-item', {
        hasText: '警务保障室',
      })
      .waitFor();
    const due = office.locator('#dueAt');
    await due.click();
    await due.fill(dayFromNow(45));
    await due.press('Enter');
    // Its own, earlier date for the co-department's part.
    const coDue = office.locator('#coDepartmentDueAt');
    await coDue.click();
    await coDue.fill(dayFromNow(20));
    await coDue.press('Enter');
    await office.locator('[data-testid=submit-task]').click();
    await office.waitForURL(`${stack.url}/`);
    const d3 = world.dept('D3');
    const assigned = (await api.get(`/findings/${id}`, 'office')).body;
    expect(assigned.contributions).toEqual([
      expect.objectContaining({ departmentId: d3, status: 'pending' }),
    ]);
    // The end of that day in Beijing, not the finding's deadline.
    expect(assigned.contributions[0].dueAt).toBe(
      new Date(`${dayFromNow(20)}T23:59:59.999+08:00`).toISOString(),
    );

    // The co-department's clerk: 配合整改 in the inbox, its part reported with a file.
    const clerk = await ui.as('dept3');
    await clerk.goto(`${stack.url}/`);
    const row = clerk.locator(`.inbox-table tr[data-kind="contribute"][data-finding="${id}"]`);
    await expect(row.innerText()).resolves.toContain('配合整改');
    await openTask(clerk, id, 'contribute');
    await clerk
      .locator('[data-testid=contribute-text]')
      .fill('已完成执法记录仪装备清点和管理制度修订');
    await clerk.locator('.evidence-uploader input[type=file]').setInputFiles({
      name: '装备清点表.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('执法记录仪 120 台，已全部登记\n'),
    });
    await clerk.locator('[data-testid=uploaded-evidence]', { hasText: '装备清点表.txt' }).waitFor();
    await clerk.locator('[data-testid=submit-task]').click();
    await clerk.waitForURL(`${stack.url}/`);
    const reported = (await api.get(`/findings/${id}`, 'office')).body.contributions;
    expect(reported).toEqual([
      expect.objectContaining({
        departmentId: d3,
        status: 'done',
        text: '已完成执法记录仪装备清点和管理制度修订',
        authorId: api.userId('dept3'),
      }),
    ]);
    expect(reported[0].evidenceIds).toHaveLength(1);

    // The lead department, at its evidence: the contribution beside the form.
    await world.advance(id, 'evidence');
    const lead = await ui.as('dept1');
    await openTask(lead, id, 'submit_evidence');
    const card = lead.locator('.task-card .contributions-card');
    await card.locator('[data-testid=contribution]', { hasText: '警务保障室' }).waitFor();
    const shown = await card.innerText();
    expect(shown).toContain('已完成');
    expect(shown).toContain('已完成执法记录仪装备清点和管理制度修订');
    expect(shown).toContain('装备清点表.txt');
    expect(shown).toContain('0 个待完成');
    await ui.screenshot(lead, '100-contribution-beside-evidence');
    await lead.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot(lead, '101-contribution-beside-evidence-phone');
    await lead.setViewportSize({ width: 1366, height: 860 });
    // And on the finding page.
    await lead.goto(`${stack.url}/findings/${id}`);
    await lead
      .locator('.contributions-card [data-testid=contribution]', { hasText: '警务保障室' })
      .waitFor();
  });

  it('returns another finding to the office with a reason, which the office’s assign task shows', async () => {
    const id = await world.createFinding({ title: '退回：交通管理职责不清', dept: 'D1' });
    const lead = await ui.as('dept1');
    await openTask(lead, id, 'draft_measures');
    await lead.locator('[data-testid=return-assignment]').click();
    // No reason: refused in the dialog, nothing sent back.
    await lead.locator('.ant-modal .ant-btn-dangerous', { hasText: '确认退回' }).click();
    await lead.locator('.ant-modal .ant-form-item-explain-error').first().waitFor();
    expect((await api.get(`/findings/${id}`, 'office')).body.stage).toBe('draft_measures');
    await lead.locator('[data-testid=return-reason]').fill('该问题属交警大队职责，非本部门');
    await ui.screenshot(lead, '102-return-assignment-dialog');
    await lead.locator('.ant-modal .ant-btn-dangerous', { hasText: '确认退回' }).click();
    await lead.waitForURL(`${stack.url}/`);
    const returned = (await api.get(`/findings/${id}`, 'office')).body;
    expect(returned).toMatchObject({
      stage: 'assign',
      leadDepartmentId: null,
      returnedReason: '该问题属交警大队职责，非本部门',
    });

    const office = await ui.as('office');
    await openTask(office, id, 'assign');
    await expect(office.locator('.task-card .returned-alert').innerText()).resolves.toContain(
      '该问题属交警大队职责，非本部门',
    );
    await office.goto(`${stack.url}/findings/${id}`);
    await office.locator('.history-entry', { hasText: '退回交办' }).waitFor();
    await ui.screenshot(office, '103-returned-finding');
    expect(ui.errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});
