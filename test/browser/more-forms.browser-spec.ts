import type { Browser, Page } from 'playwright-core';
import { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { Browsers, launchChromium } from './support/browser';

/**
 * The forms the main walk does not reach: the supervisor's escalation (督办) of an overdue step,
 * a long-term item's final stage report, and the look-back (回头看) after closure. The steps
 * before each are taken over the API; each form itself is filled in the browser.
 */
describe('the web app: escalation, stage report and look-back forms', () => {
  let stack: TestStack;
  let api: ApiClient;
  let browser: Browser;
  let ui: Browsers;
  let roundId = '';

  beforeAll(async () => {
    // Look-backs come due seconds after closure instead of half a year.
    stack = await startStack({ SERVE_WEB: 'true', LOOK_BACK_AFTER: '3s' });
    api = new ApiClient(stack.url);
    await api.loadDemo();
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
    roundId = (
      await api.post('/rounds', 'office', { title: '县委第四巡察组反馈意见', source: 'inspection' })
    ).body.id;
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

  async function createFinding(
    title: string,
    dept: string,
    leader: string,
    dueInMs: number,
    longTerm = false,
  ): Promise<string> {
    const res = await api.post(`/rounds/${roundId}/findings`, 'office', {
      title,
      measures: ['一是制定工作方案', '二是按月推进落实'],
      leadDepartmentId: api.departments.get(dept),
      responsibleLeaderId: api.userId(leader),
      dueAt: new Date(Date.now() + dueInMs).toISOString(),
      longTerm,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function complete(
    user: string,
    findingId: string,
    kind: string,
    body: unknown,
  ): Promise<void> {
    const task = await pollUntil(`${kind} for ${user}`, () => api.taskFor(user, findingId, kind));
    const res = await api.post(`/tasks/${task.id}/complete`, user, body);
    expect(res.status).toBe(200);
  }

  async function openTask(page: Page, findingId: string, kind: string): Promise<void> {
    await page.goto(`${stack.url}/`);
    await page
      .locator(`.inbox-table tr[data-kind="${kind}"][data-finding="${findingId}"] .task-link`)
      .click();
    await page.locator('.task-card form').waitFor();
  }

  it('the supervisor extends the deadline of an overdue step from the escalation form', async () => {
    // Due in two seconds: drafting its measures is overdue at once and escalates (ESCALATE_AFTER 0s).
    const findingId = await createFinding('执法记录仪使用管理不规范', 'D2', 'leader2', 2_000);
    await pollUntil(
      'the escalation task',
      () => api.taskFor('supervisor', findingId, 'escalation'),
      30_000,
      250,
    );

    const page = await ui.as('supervisor');
    await page.goto(`${stack.url}/`);
    await page
      .locator(`.inbox-table tr[data-kind="escalation"][data-finding="${findingId}"]`)
      .waitFor();
    await ui.screenshot(page, '20-inbox-supervisor');
    await openTask(page, findingId, 'escalation');
    await page.locator('.ant-radio-button-wrapper', { hasText: '延期' }).click();
    await page.locator('#dueAt').click();
    await page.locator('#dueAt').fill(dayFromNow(30));
    await page.locator('#dueAt').press('Enter');
    await page.locator('#comment').fill('同意延期一个月，请政治处按期完成。');
    await ui.screenshot(page, '21-escalation-form');
    await page.locator('[data-testid=submit-task]').click();
    await page.waitForURL(`${stack.url}/`);

    const f = (await api.get(`/findings/${findingId}`, 'office')).body;
    const escalation = f.escalations.find((e: { action: string | null }) => e.action === 'extend');
    expect(escalation).toMatchObject({
      status: 'resolved',
      comment: '同意延期一个月，请政治处按期完成。',
    });
    expect(Date.parse(f.dueAt)).toBeGreaterThan(Date.now() + 28 * 86_400_000);
  });

  let longTermId = '';

  it('the department files the final stage report of a long-term item with an attachment', async () => {
    longTermId = await createFinding(
      '县城停车设施建设滞后',
      'D1',
      'leader1',
      90 * 86_400_000,
      true,
    );
    await complete('dept1', longTermId, 'draft_measures', {
      measures: [{ text: '分阶段推进停车场建设' }],
    });
    await complete('leader1', longTermId, 'approve_measures', { decision: 'approve' });
    expect((await api.get(`/findings/${longTermId}`, 'office')).body.stage).toBe('long_term');

    const page = await ui.as('dept1');
    await openTask(page, longTermId, 'stage_report');
    await page
      .locator('#report')
      .fill('第一阶段：完成选址和用地报批；第二阶段：主体工程完工并投入使用。');
    await page.locator('.evidence-uploader input[type=file]').setInputFiles({
      name: '阶段进展.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('停车场已投入使用。\n'),
    });
    await page.locator('[data-testid=sha256]').first().waitFor();
    await page.locator('#finalStage').click();
    await ui.screenshot(page, '22-stage-report-form');
    await page.locator('[data-testid=submit-task]').click();
    await page.waitForURL(`${stack.url}/`);

    const f = (await api.get(`/findings/${longTermId}`, 'office')).body;
    expect(f.stage).toBe('review_1');
    expect(f.stageReports).toHaveLength(1);
    expect(f.stageReports[0]).toMatchObject({ finalStage: true });
    expect(f.stageReports[0].evidenceIds).toHaveLength(1);
  });

  it('after closure the supervisor records at the look-back that the result holds', async () => {
    await complete('dept1head', longTermId, 'review_1', { decision: 'approve' });
    await complete('leader1', longTermId, 'review_2', { decision: 'approve' });
    await complete('office', longTermId, 'review_3', { decision: 'approve' });
    await pollUntil(
      'the look-back task',
      () => api.taskFor('supervisor', longTermId, 'look_back'),
      30_000,
      250,
    );

    const page = await ui.as('supervisor');
    await openTask(page, longTermId, 'look_back');
    await page.locator('#comment').fill('实地查看，停车场运行正常，问题未反弹。');
    await ui.screenshot(page, '23-look-back-form');
    await page.locator('[data-testid=submit-task]').click();
    await page.waitForURL(`${stack.url}/`);

    const f = (await api.get(`/findings/${longTermId}`, 'office')).body;
    expect(f.stage).toBe('closed');
    expect(f.lookBacks).toEqual([
      expect.objectContaining({
        outcome: 'holds',
        comment: '实地查看，停车场运行正常，问题未反弹。',
      }),
    ]);
    expect(ui.errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});
