import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatReceiptCode, zonedDay } from '@rectiflow/domain';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';
import { Browsers, chooseOption, LAPTOP, launchChromium } from './support/browser';

/**
 * 意见建议 in Chromium: a visitor who never signed in leaves a comment on the public page (with a
 * contact and the finding it concerns) and keeps the receipt code; the office finds it in its
 * inbox, links it to the finding and replies; the lead department sees it in the finding's
 * history; the visitor enters the receipt code and reads the reply — on a desk and a phone.
 */

const TITLE = '营区搬迁计划推进缓慢';
const COMMENT = '建议公开营区搬迁的时间表，<b>接受群众监督</b>。';
const CONTACT = '13800000000';
const REPLY = '已转牵头部门办理，搬迁时间表将于下月公布。';

describe('the web app: public comments', () => {
  let stack: TestStack;
  let world: World;
  let browser: Browser;
  let ui: Browsers;
  let visitor: BrowserContext;
  let slug: string;
  let findingId: string;
  let findingCode: string;

  /** The page's width settles at the phone's (the layout follows a resize a moment later). */
  const fitsPhone = (page: Page) =>
    pollUntil(
      'the page to fit 390 px',
      async () => ((await page.evaluate('document.documentElement.scrollWidth')) as number) <= 390,
      5_000,
    );

  const visitorPage = async (): Promise<Page> => {
    const page = await visitor.newPage();
    page.on('pageerror', (e) => ui.errors.push(`visitor: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') ui.errors.push(`visitor: console: ${m.text()}`);
    });
    return page;
  };

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true' });
    world = await World.create(stack, undefined, { title: '县委第六巡察组反馈意见' });
    findingId = await world.createFinding({ dept: 'D1', title: TITLE });
    findingCode = (await world.finding(findingId)).code;
    const today = zonedDay(Date.now(), stack.config.env.ORG_TIMEZONE);
    const [y, m, d] = today.split('-').map(Number);
    const to = new Date(Date.UTC(y, m - 1, d + 14)).toISOString().slice(0, 10);
    const published = await world.api.post(`/rounds/${world.roundId}/publish`, 'office', {
      from: today,
      to,
    });
    expect(published.status).toBe(201);
    slug = published.body.slug;
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
    visitor = await browser.newContext({
      reducedMotion: 'reduce',
      viewport: LAPTOP,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    visitor.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await visitor?.close();
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  it('a signed-out visitor comments, the office links and replies, the visitor reads the reply', async () => {
    // The visitor, at a desk, never signed in.
    const pub = await visitorPage();
    await pub.goto(`${stack.url}/public/rounds/${slug}`);
    const form = pub.locator('.public-comment-card').filter({ hasText: '意见建议' }).first();
    await form.getByLabel('意见建议', { exact: true }).fill(COMMENT);
    // The finding from the published list.
    await chooseOption(pub, form.locator('.public-comment-finding'), `${findingCode} ${TITLE}`);
    await form.getByLabel('联系方式（选填）').fill(CONTACT);
    // The honeypot is there for bots but out of sight.
    const trap = await pub.locator('.hp-field').boundingBox();
    expect(trap!.x + trap!.width).toBeLessThan(0);
    expect(await pub.locator('.hp-field input').getAttribute('tabindex')).toBe('-1');
    await ui.screenshot(pub, '210-public-comment-form');
    await form.getByRole('button', { name: '提交意见建议' }).click();
    await pub.getByText('已收到您的意见建议').waitFor();
    const shown = await pub.locator('[data-receipt]').innerText();
    expect(shown).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    await ui.screenshot(pub, '211-public-comment-receipt');

    // The office: the comment is in its inbox, titled by its words.
    const office = await ui.as('office');
    await office.goto(`${stack.url}/`);
    await office
      .getByRole('link', { name: COMMENT.slice(0, 20) })
      .first()
      .click();
    await office.locator('[data-comment-text]').waitFor();
    // Shown as text, never as HTML; the contact is the office's to see.
    expect(await office.locator('[data-comment-text]').innerText()).toBe(COMMENT);
    expect(await office.locator('[data-comment-text] b').count()).toBe(0);
    expect(await office.locator('[data-contact]').innerText()).toBe(CONTACT);
    expect(await office.getByText(formatReceiptCode(shown.replace(/-/g, ''))).count()).toBe(1);
    // The finding the visitor named is chosen already; link it and reply.
    await office.getByText('关联到问题').waitFor();
    expect(await office.locator('.public-comment-finding').innerText()).toContain(TITLE);
    await office.getByLabel('答复（群众凭回执码可见）').fill(REPLY);
    await office.getByLabel('备注（仅内部可见）').fill('并入问题整改');
    await ui.screenshot(office, '212-office-public-comment');
    await office.getByRole('button', { name: /提\s*交/ }).click();
    await office.getByText('已转入相关问题整改').waitFor();
    await ui.screenshot(office, '213-office-public-comment-handled');
    await office.setViewportSize({ width: 390, height: 844 });
    await office.locator('[data-comment-text]').waitFor();
    // Nothing wider than the phone, once the layout has followed the new width.
    await fitsPhone(office);
    await ui.screenshot(office, '214-office-public-comment-phone');
    await office.setViewportSize(LAPTOP);
    // The dashboard tells the figures the API counts.
    const figures = (await world.api.get('/dashboard', 'office')).body.publicComments;
    expect(figures).toEqual({ received: 1, handled: 1 });
    await office.goto(`${stack.url}/dashboard`);
    await office.getByTestId('dash-public-comments').waitFor();
    expect(await office.getByTestId('dash-public-comments').innerText()).toBe(
      `公开期间共收到意见建议 ${figures.received} 条，已办理 ${figures.handled} 条。`,
    );

    // The lead department reads it in the finding's history.
    const dept = await ui.as('dept1');
    await dept.goto(`${stack.url}/findings/${findingId}`);
    await dept.locator('.history').getByText('关联群众意见建议').waitFor();
    expect(await dept.locator('.history').innerText()).toContain(COMMENT);
    expect(await dept.locator('body').innerText()).not.toContain(CONTACT);

    // The visitor comes back with the receipt code (typed as a person would) and reads the reply.
    await pub.goto(`${stack.url}/public/rounds/${slug}`);
    const lookup = pub.locator('.receipt-lookup');
    await lookup.getByPlaceholder('输入回执码').fill(shown.toLowerCase());
    await lookup.getByRole('button', { name: /查\s*询/ }).click();
    await pub.locator('[data-reply]').waitFor();
    expect(await pub.locator('[data-reply]').innerText()).toBe(REPLY);
    expect(await pub.locator('[data-status]').innerText()).toBe('已转入相关问题整改');
    expect(await pub.locator('body').innerText()).not.toContain(CONTACT);
    await ui.screenshot(pub, '215-public-comment-reply');
    await pub.setViewportSize({ width: 390, height: 844 });
    await pub.locator('[data-reply]').waitFor();
    await fitsPhone(pub);
    await ui.screenshot(pub, '216-public-comment-reply-phone');
    await pub.close();
    expect(ui.errors).toEqual([]);
  });

  it('after the window the page says comments are closed', async () => {
    await stack.dataSource.query(
      `UPDATE "publications" SET "windowFrom" = '2020-01-01', "windowTo" = '2020-01-15'`,
    );
    const pub = await visitorPage();
    await pub.setViewportSize({ width: 390, height: 844 });
    await pub.goto(`${stack.url}/public/rounds/${slug}`);
    await pub.getByText('公开期限已过，不再接收意见建议。').waitFor();
    expect(await pub.getByRole('button', { name: '提交意见建议' }).count()).toBe(0);
    // The reply look-up stays.
    await pub.locator('.receipt-lookup').waitFor();
    await ui.screenshot(pub, '217-public-comment-closed-phone');
    await pub.close();
    expect(ui.errors).toEqual([]);
  });
});
