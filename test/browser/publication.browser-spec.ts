import type { Browser, BrowserContext, Page } from 'playwright-core';
import { zonedDay } from '@rectiflow/domain';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';
import { Browsers, chooseOption, LAPTOP, launchChromium } from './support/browser';

/**
 * 公开 in Chromium: the office withholds a finding from the public version with a recognised
 * reason, publishes the round for its imported window, and a reader who never signed in opens
 * the public link on a desk and on a phone: the report's text without the withheld finding,
 * how many were withheld, the window and the contacts. A report whose window is over says so.
 */

const TOLD = '公开问题甲：理论学习中心组学习制度执行不严格';
const WITHHELD = '不予公开问题乙：某项目资金使用存在疑点';
// Text a reader must see as text: the page never renders the report as HTML.
const MARKUP = '建立<em>学习</em>台账';

describe('the web app: publishing the public report', () => {
  let stack: TestStack;
  let world: World;
  let browser: Browser;
  let ui: Browsers;
  let reader: BrowserContext;
  let today: string;
  const day = (plus: number) => {
    const [y, m, d] = today.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d + plus)).toISOString().slice(0, 10);
  };

  const importRound = async (roundId: string, from: string, to: string) => {
    const res = await world.api.post(`/rounds/${roundId}/import`, 'office', {
      areas: [
        {
          title: '聚焦落实全面从严治党责任方面',
          themes: [
            {
              title: '主体责任落实不够到位',
              findings: [
                { title: TOLD, measures: [MARKUP] },
                { title: WITHHELD, measures: ['配合有关部门核查'] },
              ],
            },
          ],
        },
      ],
      publication: {
        from,
        to,
        phone: '0571-12345678',
        email: 'xczg@example.org',
        address: '青溪县人民路1号',
        postcode: '311700',
      },
    });
    expect(res.status).toBe(201);
  };

  /** A page of a context that never signed in. */
  const readerPage = async (): Promise<Page> => {
    const page = await reader.newPage();
    page.on('pageerror', (e) => ui.errors.push(`reader: ${e.message}`));
    return page;
  };

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true' });
    today = zonedDay(Date.now(), stack.config.env.ORG_TIMEZONE);
    world = await World.create(stack, undefined, { title: '县委第六巡察组反馈意见' });
    await importRound(world.roundId, day(-2), day(12));
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
    reader = await browser.newContext({
      reducedMotion: 'reduce',
      viewport: LAPTOP,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    reader.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await reader?.close();
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  it('the office withholds a finding, publishes, and a signed-out reader reads it on a desk and a phone', async () => {
    const findings = (await world.api.get(`/findings?roundId=${world.roundId}`, 'office')).body
      .items as { id: string; title: string }[];
    const withheldId = findings.find((f) => f.title === WITHHELD)!.id;

    // 不予公开 on the finding page, with a reason from the list.
    const page = await ui.as('office');
    await page.goto(`${stack.url}/findings/${withheldId}`);
    await page.getByTestId('withhold').click();
    const withhold = page.getByRole('dialog', { name: '在公开版通报中不予公开' });
    await withhold.waitFor();
    await chooseOption(page, withhold.locator('.ant-select'), '正在初核或已立案但未公布的案件');
    await ui.screenshot(page, '200-withhold-dialog');
    await withhold.getByRole('button', { name: '不予公开' }).click();
    await page.getByText('已标记为不予公开').waitFor();
    await page.getByTestId('withheld-tag').waitFor();
    expect(await page.getByTestId('withheld-tag').innerText()).toContain(
      '正在初核或已立案但未公布的案件',
    );
    // In the finding's history, with the reason in words.
    await page.locator('.history').getByText('不予公开：公开版通报中略去本问题').waitFor();
    await page.locator('.history').getByText('理由：正在初核或已立案但未公布的案件').waitFor();
    await ui.screenshot(page, '201-finding-withheld');

    // 发布 on the round page: the imported window is offered; publishing shows the link.
    await page.goto(`${stack.url}/rounds/${world.roundId}`);
    await page.getByTestId('open-publish').click();
    const publish = page.getByRole('dialog', { name: '向社会公开整改进展情况' });
    await publish.waitFor();
    expect(await publish.getByTestId('publish-from').inputValue()).toBe(day(-2));
    expect(await publish.getByTestId('publish-to').inputValue()).toBe(day(12));
    await publish.getByRole('button', { name: /^发\s*布$/ }).click();
    await page.getByText('已发布第 1 版').waitFor();
    const link = await publish.locator('.publish-url').innerText();
    expect(link).toMatch(new RegExp(`^${stack.url}/public/rounds/[A-Za-z0-9_-]{22}$`));
    await publish.locator('.publish-history').getByText('第 1 版').waitFor();
    await ui.screenshot(page, '202-publish-dialog');
    await publish.getByRole('button', { name: /取\s*消|Cancel/ }).click();
    // The round page keeps the link once published.
    await page.getByTestId('public-link').waitFor();
    expect(await page.getByTestId('public-link').getAttribute('href')).toBe(link);

    // A reader who never signed in, at a desk.
    const pub = await readerPage();
    await pub.goto(link);
    await pub
      .getByRole('heading', { name: '关于县委第六巡察组反馈意见整改进展情况的通报' })
      .waitFor();
    const text = await pub.getByTestId('public-text').innerText();
    expect(text).toContain(TOLD);
    expect(text).not.toContain('不予公开问题乙');
    expect(text).not.toContain('某项目资金');
    expect(text).toContain('另有1个问题因涉及不宜公开的内容，按照有关规定不予公开。');
    // Shown as text, never as HTML.
    expect(text).toContain(MARKUP);
    expect(await pub.getByTestId('public-text').locator('em').count()).toBe(0);
    expect(await pub.getByTestId('public-withheld').innerText()).toBe(
      '另有 1 个问题按照有关规定不予公开。',
    );
    const [fy, fm, fd] = day(-2).split('-').map(Number);
    expect(await pub.getByTestId('public-window').innerText()).toContain(
      `公开期限：${fy}年${fm}月${fd}日`,
    );
    await pub.getByText('公开期间，欢迎广大干部群众对整改落实情况进行监督。').waitFor();
    const contacts = await pub.locator('.public-contacts').innerText();
    expect(contacts).toContain('0571-12345678');
    expect(contacts).toContain('xczg@example.org');
    expect(contacts).toContain('青溪县人民路1号');
    expect(await pub.getByTestId('public-closed').count()).toBe(0);
    // Not the signed-in app: no menu, no login redirect.
    expect(pub.url()).toBe(link);
    expect(await pub.locator('.app-header').count()).toBe(0);
    await ui.screenshot(pub, '203-public-page-desktop');

    // On a phone: nothing wider than the screen.
    await pub.setViewportSize({ width: 390, height: 844 });
    await pub.getByTestId('public-text').waitFor();
    const width = (await pub.evaluate('document.documentElement.scrollWidth')) as number;
    expect(width).toBeLessThanOrEqual(390);
    await ui.screenshot(pub, '204-public-page-phone');
    await pub.close();
    expect(ui.errors).toEqual([]);
  });

  it('a report whose window is over says the period has ended', async () => {
    const round = await world.api.post('/rounds', 'office', {
      title: '县委第七巡察组反馈意见',
      source: 'inspection',
    });
    await importRound(round.body.id, '2025-09-01', '2025-09-15');
    const published = await world.api.post(`/rounds/${round.body.id}/publish`, 'office', {});
    expect(published.status).toBe(201);
    const pub = await readerPage();
    await pub.setViewportSize({ width: 390, height: 844 });
    await pub.goto(`${stack.url}/public/rounds/${published.body.slug}`);
    await pub.getByTestId('public-closed').waitFor();
    expect(await pub.getByTestId('public-closed').innerText()).toContain('公开期限已过');
    expect(await pub.getByTestId('public-text').innerText()).toContain(
      '公开期限：2025年9月1日至2025年9月15日',
    );
    await ui.screenshot(pub, '205-public-page-ended-phone');
    // An address nobody published.
    await pub.goto(`${stack.url}/public/rounds/AAAAAAAAAAAAAAAAAAAAAA`);
    await pub.getByText('找不到该公开页面').waitFor();
    await pub.close();
    expect(ui.errors).toEqual([]);
  });
});
