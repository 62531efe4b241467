import type { Browser } from 'playwright-core';
import type { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';
import { Browsers, chooseOption, launchChromium } from './support/browser';

/**
 * 专题会议 in the Chinese UI: the office creates a meeting (the title is required), reads its
 * agenda (the two findings awaiting the final review, the supervision order), records three
 * decisions in one 保存决定 — accept one, send one back (refused until its text is written),
 * extend the third — and sees them recorded; the committee reads the same page without the
 * decision form. Desktop and phone (390 px).
 */
describe('the web app: committee meetings', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  let browser: Browser;
  let ui: Browsers;
  const ids: Record<string, string> = {};
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true' });
    world = await World.create(stack, undefined, { title: '县委第四巡察组反馈意见' });
    api = world.api;
    ids.accept = await world.createFinding({ title: '制度修订滞后', dept: 'D1' });
    ids.sendBack = await world.createFinding({ title: '台账资料不完整', dept: 'D2' });
    ids.extend = await world.createFinding({ title: '资产清查未完成', dept: 'D3' });
    await world.advance(ids.accept, 'review_3');
    await world.advance(ids.sendBack, 'review_3');
    await world.advance(ids.extend, 'evidence');
    const ordered = await api.post(`/findings/${ids.extend}/supervision-orders`, 'supervisor', {
      departmentId: world.dept('D3'),
      requirement: '请于十日内完成资产清查',
      dueAt: dayFromNow(10),
    });
    expect(ordered.status).toBe(201);
    for (const [k, id] of Object.entries(ids)) codes[k] = (await world.finding(id)).code;
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
  });

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  function dayFromNow(days: number): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
      new Date(Date.now() + days * 86_400_000),
    );
  }

  it('creates a meeting, shows its agenda and records three decisions in one submission', async () => {
    const office = await ui.as('office');
    await office.locator('.app-nav').getByText('专题会议').click();
    await office.locator('.meetings-page').waitFor();
    await office.locator('[data-testid=meeting-create]').click();
    const dialog = office.locator('.ant-modal', { hasText: '会议名称' });
    await dialog.waitFor();
    await dialog.locator('.ant-btn-primary').click();
    await dialog.locator('.ant-form-item-explain-error', { hasText: '请填写会议名称' }).waitFor();
    await office.locator('#meeting_title').fill('巡察整改工作领导小组第一次专题会议');
    await office.locator('#meeting_attendees').fill('张书记、李局长、整改办');
    await ui.screenshot(office, '180-meeting-create');
    await dialog.locator('.ant-btn-primary').click();
    await office.locator('.meeting-detail .ant-card-head', { hasText: '第一次专题会议' }).waitFor();
    const meetings = (await api.get('/meetings', 'office')).body.items;
    expect(meetings.map((m: any) => m.title)).toEqual(['巡察整改工作领导小组第一次专题会议']);
    expect(office.url()).toContain(`/meetings/${meetings[0].id}`);

    // The agenda: both findings awaiting the final review; the order under its own section.
    const review = office.locator('[data-testid=agenda-review]');
    await expect(review.innerText()).resolves.toContain('制度修订滞后');
    await expect(review.innerText()).resolves.toContain('台账资料不完整');
    await expect(office.locator('[data-testid=agenda-orders]').innerText()).resolves.toContain(
      '请于十日内完成资产清查',
    );
    await ui.screenshot(office, '181-meeting-agenda');

    // The DOCX pack downloads.
    const [file] = await Promise.all([
      office.waitForEvent('download'),
      office.locator('[data-testid=meeting-pack]').click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/^专题会议材料-\d{4}-\d{2}-\d{2}\.docx$/);

    const choose = async (key: string, label: string) => {
      const cell = review
        .locator(`[data-testid="decide-${codes[key]}"]`)
        .or(office.locator(`[data-testid=agenda-orders] [data-testid="decide-${codes[key]}"]`))
        .first();
      // chooseOption waits for each dropdown to close, so the next choice (the same options)
      // never matches the closing copy of the one before.
      await chooseOption(office, cell.locator('.ant-select'), label);
      return cell;
    };
    await choose('accept', '同意销号');
    const back = await choose('sendBack', '退回整改');
    const extend = await choose('extend', '延期');
    await extend.locator('.ant-picker input').fill(dayFromNow(20));
    await extend.locator('.ant-picker input').press('Enter');
    // Sending back needs the decision's text: nothing is sent without it.
    await office.locator('[data-testid=meeting-save]').click();
    await back.locator('.ant-form-item-explain-error', { hasText: '请填写决定内容' }).waitFor();
    expect((await world.finding(ids.accept)).stage).toBe('review_3');
    await back.locator('textarea').fill('台账仍不完整，补充后再报');
    await extend.locator('textarea').fill('涉及外部单位，延期二十天');
    await ui.screenshot(office, '182-meeting-decisions-filled');
    // On a phone the decision column stays in view (department and leader go under the title).
    await office.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot(office, '183-meeting-decisions-phone');
    await office.setViewportSize({ width: 1366, height: 860 });
    await office.locator('[data-testid=meeting-save]').click();
    await office.locator('.ant-message', { hasText: '已保存 3 项决定' }).waitFor();
    const recorded = office.locator('[data-testid=meeting-decisions]');
    await recorded.locator('tbody tr', { hasText: '已执行' }).nth(2).waitFor();
    expect((await world.finding(ids.accept)).stage).toBe('closed');
    expect((await world.finding(ids.sendBack)).stage).toBe('evidence');
    expect(Date.parse((await world.finding(ids.extend)).dueAt!)).toBe(
      Date.parse(`${dayFromNow(20)}T23:59:59.999+08:00`),
    );
    // The meeting was held: its agenda is kept as it stood, and each finding it decided shows
    // the decision instead of the choice.
    await expect(review.innerText()).resolves.toContain('制度修订滞后');
    await office.locator('[data-testid=agenda-as-of]', { hasText: '会议决定录入时保存' }).waitFor();
    const decidedRows = await review.locator('[data-testid^="decided-"]').allInnerTexts();
    expect(decidedRows.map((x) => x.replace(/\s/g, '')).sort()).toEqual(
      ['退回整改', '同意销号'].sort(),
    );
    await ui.screenshot(office, '184-meeting-decisions-recorded');

    await office.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot(office, '185-meeting-phone');
    await office.setViewportSize({ width: 1366, height: 860 });
  });

  it('shows the committee the agenda and the decisions, without the decision form', async () => {
    const committee = await ui.as('committee');
    const [meeting] = (await api.get('/meetings', 'committee')).body.items;
    await committee.goto(`${stack.url}/meetings/${meeting.id}`);
    await committee
      .locator('[data-testid=meeting-decisions] tbody tr', { hasText: '同意销号' })
      .waitFor();
    expect(await committee.locator('[data-testid=meeting-save]').count()).toBe(0);
    expect(await committee.locator('[data-testid=meeting-create]').count()).toBe(0);
    await ui.screenshot(committee, '186-meeting-committee');
    await committee.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot(committee, '187-meeting-committee-phone');
    expect(ui.errors).toEqual([]);
  });
});
