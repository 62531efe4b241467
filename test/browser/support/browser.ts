import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { pollUntil } from '../../support/poll';

export { CHROMIUM_PATH, launchChromium } from '../../../scripts/chromium.cjs';
export const SCREENSHOT_DIR = path.resolve(__dirname, '../../../test-artifacts/screenshots');

export const LAPTOP = { width: 1366, height: 860 };
export const TABLET = { width: 820, height: 1180 };

/**
 * Picks `label` in an Ant Design select and waits for its dropdown to close. The option is
 * clicked in the open dropdown, and again while the select does not show it: a click that lands
 * as the dropdown is still opening only marks the option active, and the open list then covers
 * the buttons under it (seen once in CI on the 不予公开 dialog). A multiple select keeps its
 * dropdown open after a pick: `multiple` closes it with Escape. `search` is typed into the
 * select as it opens, for a searchable one whose long list only renders what is in view.
 */
export async function chooseOption(
  page: Page,
  select: Locator,
  label: string,
  { multiple = false, search }: { multiple?: boolean; search?: string } = {},
): Promise<void> {
  const open = page.locator('.ant-select-dropdown:visible');
  await pollUntil(
    `"${label}" chosen`,
    async () => {
      if ((await select.innerText()).includes(label)) return true;
      if ((await open.count()) === 0) {
        await select.click();
        // A searchable select whose long list is virtual: typing brings the option into it.
        if (search) await page.keyboard.type(search);
      }
      await open
        .locator('.ant-select-item-option', { hasText: label })
        .first()
        .click({ timeout: 2_000 });
      return false;
    },
    15_000,
  );
  if (multiple) await page.keyboard.press('Escape');
  await pollUntil('the select dropdown closed', async () => (await open.count()) === 0, 10_000);
}

/** chooseOption on the single select of a form field, found by the field's id (`#fieldId`). */
export async function chooseField(page: Page, fieldId: string, label: string): Promise<void> {
  await chooseOption(
    page,
    page.locator('.ant-select', { has: page.locator(`#${fieldId}`) }),
    label,
  );
}

/**
 * One browser context (own storage, so own session) per demo user, signed in through the
 * login page's demo list the way a newcomer would.
 */
export class Browsers {
  private contexts = new Map<string, { context: BrowserContext; page: Page }>();
  readonly errors: string[] = [];

  constructor(
    private readonly browser: Browser,
    readonly baseUrl: string,
  ) {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  }

  /** Signed in as `username`; `timezoneId` puts the browser elsewhere than Beijing. */
  async as(username: string, { timezoneId = 'Asia/Shanghai' } = {}): Promise<Page> {
    const key = timezoneId === 'Asia/Shanghai' ? username : `${username}@${timezoneId}`;
    const known = this.contexts.get(key);
    if (known) return known.page;
    const context = await this.browser.newContext({
      reducedMotion: 'reduce',
      viewport: LAPTOP,
      locale: 'zh-CN',
      timezoneId,
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('pageerror', (e) => this.errors.push(`${username}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`${username}: console: ${m.text()}`);
    });
    await page.goto(`${this.baseUrl}/login`);
    await page.locator(`.demo-user[data-username="${username}"]`).click();
    await page.locator('.app-header').waitFor();
    this.contexts.set(key, { context, page });
    return page;
  }

  async screenshot(page: Page, name: string): Promise<void> {
    // Let charts, fonts and toasts settle; a picture, not an assertion, so a short pause is fine.
    await page.waitForLoadState('networkidle').catch(() => undefined);
    // From the top: a sticky header would otherwise be drawn where the page was scrolled to.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  }

  async close(): Promise<void> {
    for (const { context } of this.contexts.values()) await context.close().catch(() => undefined);
    this.contexts.clear();
  }
}
