// PDF → plain text through Mozilla's pdf.js (pdfjs-dist, legacy build: the one meant for Node).
// Only text PDFs can be read: a scanned report has pages of pictures and no text layer, and
// reading it would need OCR, which rectiflow does not do; such a file is refused, saying so.

import { pathToFileURL } from 'node:url';
import type * as PdfJs from 'pdfjs-dist';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { DocumentReadError } from './document-errors';
import { paragraphsFromRuns, type PdfPage, type PdfRun } from './pdf-layout';

export interface PdfText {
  text: string;
  pages: number;
}

/** Pages beyond this are not read: no report of the genre comes near it. */
const MAX_PAGES = 500;
/** Fewer visible characters per page than this on average: no text layer (a scan). */
const SCANNED_CHARS_PER_PAGE = 10;
/** Above this share of unmappable glyphs the text layer is garbage (fonts without a ToUnicode map). */
const UNREADABLE_SHARE = 0.3;

// pdfjs-dist is an ES module; this code is compiled to CommonJS, whose `import()` becomes
// `require()`. A real dynamic import keeps it an ES module load on every Node version; it is
// given an absolute URL because such an import resolves bare names from the entry script.
const importModule = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;

let pdfjs: Promise<typeof PdfJs> | null = null;

function loadPdfJs(): Promise<typeof PdfJs> {
  pdfjs ??= importModule(
    pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href,
  ) as Promise<typeof PdfJs>;
  return pdfjs;
}

function isTextItem(item: unknown): item is TextItem {
  return typeof item === 'object' && item !== null && 'str' in item && 'transform' in item;
}

function runOf(item: TextItem): PdfRun {
  const [a, b, c, d, x, y] = item.transform as number[];
  const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height;
  return { str: item.str, x, y, width: item.width, size, hasEOL: item.hasEOL };
}

function visibleLength(text: string): number {
  return text.replace(/\s/g, '').length;
}

export async function pdfText(data: Uint8Array): Promise<PdfText> {
  const { getDocument, VerbosityLevel } = await loadPdfJs();
  const task = getDocument({
    data,
    // Text only: no fonts loaded into the process, no eval, nothing fetched.
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    stopAtErrors: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  let doc: PdfJs.PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    if (name === 'PasswordException') {
      throw new DocumentReadError(
        'encrypted_pdf',
        'PDF 文件设有密码，无法读取：请上传未加密的文件或 Word 文档',
      );
    }
    throw new DocumentReadError('invalid_pdf', '文件不是有效的 PDF');
  }
  try {
    const pages: PdfPage[] = [];
    const count = Math.min(doc.numPages, MAX_PAGES);
    for (let n = 1; n <= count; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const [x0, , x1] = page.view;
      pages.push({ width: x1 - x0, runs: content.items.filter(isTextItem).map(runOf) });
      page.cleanup();
    }
    const all = pages
      .flatMap((p) => p.runs)
      .map((r) => r.str)
      .join('');
    const visible = visibleLength(all);
    if (visible < SCANNED_CHARS_PER_PAGE * Math.max(count, 1)) {
      throw new DocumentReadError(
        'scanned_pdf',
        'PDF 没有文字层（可能是扫描件或图片），无法识别其中的文字：请上传 Word 文档或可复制文字的 PDF',
      );
    }
    // Private-use and replacement characters: glyphs pdf.js could not map to text.
    const unmapped = (all.match(/[\uE000-\uF8FF\uFFFD]/g) ?? []).length;
    if (unmapped / visible > UNREADABLE_SHARE) {
      throw new DocumentReadError(
        'unreadable_pdf_text',
        'PDF 的文字无法正确提取（字体缺少编码信息）：请上传 Word 文档或另存后的 PDF',
      );
    }
    return { text: paragraphsFromRuns(pages).join('\n'), pages: doc.numPages };
  } finally {
    await doc.destroy();
  }
}
