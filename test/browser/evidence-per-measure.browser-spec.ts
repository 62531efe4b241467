import { deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';
import { Browsers, chooseOption, launchChromium } from './support/browser';

/** A real PNG: a 96×64 picture, green above and red below (so a preview shows something). */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const [w, h] = [96, 64];
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows: Buffer[] = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) row.set(y < h / 2 ? [40, 160, 60] : [200, 40, 40], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF with a line of text. */
function pdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const text = 'BT /F1 18 Tf 20 70 Td (Rectification ledger) Tj ET';
  objects[3] = `<< /Length ${text.length} >>\nstream\n${text}\nendstream`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * Evidence per measure in the browser: dept1 uploads a PNG against measure 1 and a PDF against
 * measure 2 in the 提交佐证材料 form, previews the picture in the page, withdraws a file sent
 * by mistake and submits; the finding page shows each file's measure. Desktop and 390 px.
 */
describe('the web app: evidence per measure', () => {
  let stack: TestStack;
  let world: World;
  let browser: Browser;
  let ui: Browsers;
  let findingId: string;

  beforeAll(async () => {
    stack = await startStack({ SERVE_WEB: 'true' });
    world = await World.create(stack);
    findingId = await world.createFinding({ title: '专项资金台账不全', dept: 'D1' });
    await world.advance(findingId, 'evidence');
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
  });

  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await stack?.close();
  });

  async function pickMeasure(page: Page, label: string): Promise<void> {
    await chooseOption(page, page.locator('[data-testid=evidence-measure-picker]'), label);
  }

  async function upload(page: Page, name: string, mimeType: string, buffer: Buffer) {
    await page.locator('.evidence-uploader input[type=file]').setInputFiles({
      name,
      mimeType,
      buffer,
    });
    await page.locator('[data-testid=uploaded-evidence]', { hasText: name }).waitFor();
  }

  it('uploads per measure, previews, withdraws one file and submits the rest', async () => {
    const task = await world.mustTask(findingId, 'submit_evidence');
    const page = await ui.as('dept1');
    await page.goto(`${stack.url}/findings/${findingId}/tasks/${task.id}`);
    await page.locator('.task-card form').waitFor();

    await pickMeasure(page, '措施1');
    await upload(page, '巡查照片.png', 'image/png', png());
    await pickMeasure(page, '措施2');
    await upload(page, '整改台账.pdf', 'application/pdf', pdf());
    await pickMeasure(page, '不指定措施');
    await upload(page, '错传的照片.png', 'image/png', png());

    const group = (title: string) =>
      page.locator('[data-testid=evidence-group]', {
        has: page.locator('.evidence-group-title', { hasText: title }),
      });
    await expect(group('措施1').innerText()).resolves.toContain('巡查照片.png');
    await expect(group('措施2').innerText()).resolves.toContain('整改台账.pdf');
    await expect(group('整体材料').innerText()).resolves.toContain('错传的照片.png');

    // 预览: the picture, fetched with the token, drawn by the browser in the page.
    await page
      .locator('[data-testid=uploaded-evidence]', { hasText: '巡查照片.png' })
      .locator('[data-testid=evidence-preview]')
      .click();
    const img = page.locator('[data-testid=evidence-preview-body] img');
    await img.waitFor();
    await pollUntil(
      'the preview shows the picture',
      async () =>
        (await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)) ===
        96,
      10_000,
    );
    expect(await img.getAttribute('src')).toMatch(/^blob:/);
    await ui.screenshot(page, '80-evidence-preview');
    await page.locator('.ant-modal-close').click();
    await img.waitFor({ state: 'detached' });

    // 预览 of the PDF: the browser's own viewer in the page.
    await page
      .locator('[data-testid=uploaded-evidence]', { hasText: '整改台账.pdf' })
      .locator('[data-testid=evidence-preview]')
      .click();
    const frame = page.locator('[data-testid=evidence-preview-body] iframe');
    await frame.waitFor();
    expect(await frame.getAttribute('src')).toMatch(/^blob:/);
    await ui.screenshot(page, '81-evidence-preview-pdf');
    await page.locator('.ant-modal-close').click();
    await frame.waitFor({ state: 'detached' });

    // 撤回 the file sent by mistake: it leaves the form and the finding.
    await page
      .locator('[data-testid=uploaded-evidence]', { hasText: '错传的照片.png' })
      .locator('[data-testid=evidence-withdraw]')
      .click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page
      .locator('[data-testid=uploaded-evidence]', { hasText: '错传的照片.png' })
      .waitFor({ state: 'detached' });
    const before = (await world.api.get(`/findings/${findingId}`, 'dept1')).body;
    expect(before.evidence.map((e: { filename: string }) => e.filename).sort()).toEqual([
      '巡查照片.png',
      '整改台账.pdf',
    ]);

    for (const box of await page.locator('.measures-done input[type=checkbox]').all())
      await box.check();
    await page.locator('#report').fill('台账已补齐，现场照片见措施1，台账见措施2。');
    await ui.screenshot(page, '82-evidence-per-measure-form');
    await page.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot(page, '83-evidence-per-measure-form-phone');
    await page.setViewportSize({ width: 1366, height: 860 });
    await page.locator('[data-testid=submit-task]').click();
    await page.waitForURL(`${stack.url}/`);

    const after = (await world.api.get(`/findings/${findingId}`, 'dept1')).body;
    expect(after.stage).toBe('review_1');
    const measures = after.measures as { id: string; seq: number }[];
    const bySeq = (seq: number) => measures.find((m) => m.seq === seq)!.id;
    expect(
      Object.fromEntries(
        after.evidence.map((e: { filename: string; measureId: string; submitted: boolean }) => [
          e.filename,
          [e.measureId, e.submitted],
        ]),
      ),
    ).toEqual({ '巡查照片.png': [bySeq(1), true], '整改台账.pdf': [bySeq(2), true] });

    // The finding page: each file with its measure, and 预览 beside 下载.
    await page.goto(`${stack.url}/findings/${findingId}`);
    const row = page.locator('tr', { hasText: '巡查照片.png' });
    await expect(row.locator('[data-testid=evidence-measure]').innerText()).resolves.toBe('措施1');
    await row.locator('[data-testid=evidence-preview]').waitFor();
    await ui.screenshot(page, '84-finding-evidence-measures');
    await page.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot(page, '85-finding-evidence-measures-phone');
    expect(ui.errors).toEqual([]);
  });
});
