import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { LongTermEntryEntity, AuditEventEntity, FindingEntity } from '@rectiflow/persistence';
import { genreDocx } from '../../libs/importer/src/test-support/word-documents';
import { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { Browsers, chooseOption, launchChromium } from './support/browser';

const POLICE = readFileSync(
  path.resolve(__dirname, '../../libs/importer/test-documents/full-size/county-police-30.txt'),
  'utf8',
);
/** A line the parser takes for a finding although it is none. */
const STRAY = '特此说明：以上问题均已明确整改责任';

/**
 * The office imports a Word report, corrects the preview where the parser got it wrong — a
 * title, a theme, one finding that is two, two that are one, a long-term item tied to the wrong
 * finding, a line that is no finding — and confirms; the round holds the corrected tree and the
 * import's audit event says what was changed.
 */
describe('the web app: correcting an import preview', () => {
  let stack: TestStack;
  let api: ApiClient;
  let browser: Browser;
  let ui: Browsers;
  let roundId = '';

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true' });
    api = new ApiClient(stack.url);
    await api.loadDemo();
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
    const round = await api.post('/rounds', 'office', {
      title: '县委第四轮巡察（浏览器测试）',
      source: 'inspection',
      feedbackDate: '2025-06-18',
    });
    roundId = round.body.id;
  });

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  const card = (page: Page, title: string) =>
    page.locator(`[data-testid=preview-finding][data-title="${title}"]`);

  /** Types into a searchable select (its long option list is virtual), then picks the option. */
  async function choose(page: Page, select: string, option: string): Promise<void> {
    await chooseOption(page, page.locator(`[data-testid=${select}]`), option, { search: option });
  }

  const count = async (page: Page, k: string) =>
    Number(await page.locator(`[data-testid=import-count-${k}]`).getAttribute('data-value'));

  it('uploads the report as .docx and previews it', async () => {
    const page = await ui.as('office');
    await page.goto(`${stack.url}/rounds/${roundId}`);
    await page.locator('[data-testid=open-import]').click();
    await page.locator('.ant-modal .ant-tabs-tab', { hasText: '上传文件' }).click();
    const text = POLICE.replace(
      '三、需长期整改事项进展情况',
      `（31）${STRAY}。\n三、需长期整改事项进展情况`,
    );
    await page.locator('.ant-modal .ant-upload input[type=file]').setInputFiles({
      name: '青溪县公安局整改进展情况的通报.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: await genreDocx(text, 'outline'),
    });
    await page.locator('[data-testid=import-preview]').click();
    await page.locator('[data-testid=import-result]').waitFor();
    expect(await count(page, 'findings')).toBe(32);
    expect(await count(page, 'longTermItems')).toBe(3);
    await expect(page.locator('.ant-modal').innerText()).resolves.toContain('请核对');
    await expect(page.locator('[data-testid=preview-finding]').count()).resolves.toBe(32);
    await page.setViewportSize({ width: 1366, height: 1900 });
    // The long-term item matched by wording, with its 请核对 mark, in view.
    await card(page, '办公用房使用和管理不规范，交警大队营区办公用房长期租用，存在安全隐患')
      .locator('[data-testid=preview-long-term]')
      .scrollIntoViewIfNeeded();
    await ui.screenshot(page, '20-import-docx-preview');
    await page.setViewportSize({ width: 1366, height: 860 });
  });

  it('corrects a title, a theme, a split, a merge, a long-term match and a stray line', async () => {
    const page = await ui.as('office');
    // A title cut at the wrong place.
    await card(page, '优化营商环境举措不多，涉企警情处置效率不高')
      .locator('[data-testid=finding-edit]')
      .click();
    await page.locator('[data-testid=correction-title]').fill('优化营商环境举措不多');
    await page.locator('[data-testid=correction-save]').click();
    await card(page, '优化营商环境举措不多').waitFor();

    // A finding under the wrong theme.
    await card(page, '执法监督管理机制作用发挥不够').locator('[data-testid=finding-edit]').click();
    await choose(page, 'correction-theme', '落实管党治党政治责任有差距');
    await page.locator('[data-testid=correction-save]').click();
    await expect(
      page
        .locator('.import-theme', { hasText: '落实管党治党政治责任有差距' })
        .locator('[data-testid=preview-finding]')
        .last()
        .getAttribute('data-title'),
    ).resolves.toBe('执法监督管理机制作用发挥不够');

    // One finding that should be two.
    await card(page, '重点领域廉政风险排查不深入，防控措施针对性不强')
      .locator('[data-testid=finding-split]')
      .click();
    await page.locator('[data-testid=split-first]').fill('重点领域廉政风险排查不深入');
    await page.locator('[data-testid=split-second]').fill('廉政风险防控措施针对性不强');
    await page.locator('[data-testid=split-save]').click();
    await card(page, '廉政风险防控措施针对性不强').waitFor();

    // Two findings that should be one.
    await card(page, '党员教育管理不够严格').locator('[data-testid=finding-merge]').click();
    await expect(card(page, '发展党员工作不够规范').count()).resolves.toBe(0);
    await card(page, '党员教育管理不够严格').locator('[data-testid=finding-edit]').click();
    await page.locator('[data-testid=correction-title]').fill('党员教育管理和发展党员工作不够规范');
    await page.locator('[data-testid=correction-save]').click();

    // The long-term item the parser listed on its own belongs to a listed finding.
    await card(page, '持续推进基层警务用房标准化建设')
      .locator('[data-testid=finding-long-term]')
      .click();
    await choose(page, 'longterm-target', '基层所队警力配置不够合理');
    await page.locator('[data-testid=longterm-save]').click();
    await expect(card(page, '持续推进基层警务用房标准化建设').count()).resolves.toBe(0);
    await expect(
      card(page, '基层所队警力配置不够合理').locator('[data-testid=preview-long-term]').innerText(),
    ).resolves.toContain('持续推进基层警务用房标准化建设');

    // A line that is no finding.
    await card(page, STRAY).locator('[data-testid=finding-drop]').click();
    await page.locator('[data-testid=finding-drop-confirm]').click();
    await expect(card(page, STRAY).count()).resolves.toBe(0);

    await page.locator('[data-testid=import-modified]').waitFor();
    expect(await count(page, 'findings')).toBe(30);
    expect(await count(page, 'longTermItems')).toBe(3);
    await expect(page.locator('[data-testid=import-confirm]').innerText()).resolves.toContain('30');
    // Nothing exists before confirming.
    expect((await api.get(`/findings?roundId=${roundId}`, 'office')).body.total).toBe(0);
    await page.setViewportSize({ width: 1366, height: 1900 });
    await card(page, '基层所队警力配置不够合理').scrollIntoViewIfNeeded();
    await ui.screenshot(page, '21-import-corrected-preview');
    await page.setViewportSize({ width: 1366, height: 860 });
  });

  it('confirms the corrected tree; the round holds it and the audit says what was changed', async () => {
    const page = await ui.as('office');
    await page.locator('[data-testid=import-confirm]').click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });
    await page.locator('.findings-table tbody tr', { hasText: '优化营商环境举措不多' }).waitFor();
    await ui.screenshot(page, '22-import-corrected-round');

    const findings = (await api.get(`/findings?roundId=${roundId}&pageSize=500`, 'office')).body;
    expect(findings.total).toBe(30);
    const titles = findings.items.map((f: { title: string }) => f.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        '优化营商环境举措不多',
        '重点领域廉政风险排查不深入',
        '廉政风险防控措施针对性不强',
        '党员教育管理和发展党员工作不够规范',
      ]),
    );
    expect(titles).not.toContain(STRAY);
    const moved = findings.items.find(
      (f: { title: string }) => f.title === '执法监督管理机制作用发挥不够',
    );
    expect((await api.get(`/findings/${moved.id}`, 'office')).body.themeTitle).toBe(
      '落实管党治党政治责任有差距',
    );

    const entries = await stack.dataSource.getRepository(LongTermEntryEntity).findBy({ roundId });
    const rows = await stack.dataSource.getRepository(FindingEntity).findBy({ roundId });
    const byTitle = (t: string) => rows.find((f) => f.title === t)?.id;
    expect(entries.find((e) => e.findingId === byTitle('基层所队警力配置不够合理'))).toMatchObject({
      title: '持续推进基层警务用房标准化建设',
      matchedBy: 'office',
    });

    const audit = await stack.dataSource
      .getRepository(AuditEventEntity)
      .findOneByOrFail({ entityId: roundId, action: 'round.imported' });
    const data = JSON.parse(audit.data);
    expect(data.document).toMatchObject({
      kind: 'docx',
      filename: '青溪县公安局整改进展情况的通报.docx',
    });
    expect(data.corrections.map((c: { kind: string }) => c.kind).sort()).toEqual(
      ['retitled', 'moved', 'split', 'merged', 'longTerm', 'dropped', 'dropped', 'themes'].sort(),
    );
    expect(ui.errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});
