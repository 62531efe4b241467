import type { Browser } from 'playwright-core';
import { FindingOutcomeEntity } from '@rectiflow/persistence';
import { fenAsChineseAmount } from '@rectiflow/domain';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';
import { Browsers, chooseField, launchChromium } from './support/browser';

/**
 * On a phone, the lead department records 整改成效 on its finding's page — a new regulation and
 * an amount of funds returned — and the office's dashboard shows the sums.
 */
describe('the web app: outcomes recorded on a finding page at phone width', () => {
  let stack: TestStack;
  let world: World;
  let browser: Browser;
  let ui: Browsers;
  let findingId: string;

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true' });
    world = await World.create(stack, undefined, { title: '县委第六巡察组反馈意见' });
    findingId = await world.createFinding({
      title: '公务接待管理不规范',
      dept: 'D1',
      dueAt: inDays(20),
    });
    await world.advance(findingId, 'evidence');
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
  });

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  it('records a regulation and an amount, and the dashboard sums them', async () => {
    const page = await ui.as('dept1');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${stack.url}/findings/${findingId}`);
    const card = page.locator('.outcomes-card');
    const dialog = page.getByRole('dialog', { name: '记录整改成效' });
    const noDropdown = () =>
      pollUntil(
        'no select dropdown open',
        async () => (await page.locator('.ant-select-dropdown:visible').count()) === 0,
        10_000,
      );

    await card.getByRole('button', { name: '记录整改成效' }).click();
    await dialog.waitFor();
    await dialog.getByLabel('制度名称').fill('《公务接待管理办法》');
    await dialog.getByLabel('制定机关').fill('局党委');
    await dialog.locator('.ant-picker input').fill('2026-11-20');
    await dialog.locator('.ant-picker input').press('Enter');
    await ui.screenshot(page, '200-outcome-regulation-phone');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await card.getByText('《公务接待管理办法》').waitFor();

    await card.getByRole('button', { name: '记录整改成效' }).click();
    await dialog.waitFor();
    await dialog.getByText('资金', { exact: true }).click();
    await noDropdown();
    await chooseField(page, 'outcome_amountKind', '清退违规资金');
    // A negative amount is refused in the form, before anything is sent.
    await dialog.getByLabel('金额').fill('-5');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('请输入大于0的金额（元），最多两位小数').waitFor();
    await dialog.getByLabel('金额').fill('665700');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await card.getByText('清退违规资金 66.57万元').waitFor();
    await ui.screenshot(page, '201-outcomes-on-finding-phone');

    const rows = await stack.dataSource
      .getRepository(FindingOutcomeEntity)
      .find({ where: { findingId }, order: { recordedAt: 'ASC' } });
    expect(rows.map((r) => [r.kind, r.title, r.regulationKind, r.issuedOn, r.amountFen])).toEqual([
      ['regulation', '《公务接待管理办法》', 'new', '2026-11-20', null],
      ['amount', null, null, null, 66_570_000],
    ]);

    const office = await ui.as('office');
    await office.goto(`${stack.url}/dashboard?roundId=${world.roundId}`);
    const returned = office.locator('[data-testid=dash-outcome-returned]');
    await returned.waitFor();
    expect(await returned.innerText()).toContain(fenAsChineseAmount(rows[1].amountFen!));
    await ui.screenshot(office, '202-dashboard-outcomes');
    expect(await office.locator('[data-testid=dash-outcome-regulations]').innerText()).toContain(
      '1',
    );
    expect(ui.errors).toEqual([]);
  });
});
