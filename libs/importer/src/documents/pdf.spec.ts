import { readFileSync } from 'fs';
import * as path from 'path';
import { parseRectificationText } from '../index';
import {
  DOCUMENTS_DIR,
  FULL_SIZE,
  readDocument,
  readSample,
  testDocumentNames,
  withoutLines,
} from '../test-support/fixtures';
import { docxToPdf, libreOfficeAvailable } from '../test-support/libreoffice';
import { genreDocx } from '../test-support/word-documents';
import { DocumentReader } from './document-reader';

const fixture = (name: string) => readFileSync(path.join(DOCUMENTS_DIR, name));
const FULL_SIZE_PDF = FULL_SIZE.replace(/\.txt$/, '.pdf');

// Through the worker thread, as the API reads uploads.
describe('reading PDFs', () => {
  const reader = new DocumentReader();

  it('reads the 30-finding report saved as PDF (committed fixture) into the same tree as its text', async () => {
    const read = await reader.read('pdf', fixture(FULL_SIZE_PDF));
    expect(read.pages).toBe(8);
    const text = readDocument(FULL_SIZE);
    const first = parseRectificationText(text);
    const second = parseRectificationText(read.text);
    expect(withoutLines(second.areas)).toEqual(withoutLines(first.areas));
    expect(second.publication).toEqual(first.publication);
    expect(second.warnings.map((w) => w.replace(/第 \d+ 行/g, ''))).toEqual(
      first.warnings.map((w) => w.replace(/第 \d+ 行/g, '')),
    );
  });

  it('refuses a scan (no text layer), saying so', async () => {
    await expect(reader.read('pdf', fixture('scanned-page.pdf'))).rejects.toMatchObject({
      name: 'DocumentReadError',
      code: 'scanned_pdf',
      message: expect.stringContaining('没有文字层'),
    });
  });

  it('refuses a password-protected PDF and a file that is no PDF', async () => {
    await expect(reader.read('pdf', fixture('password-protected.pdf'))).rejects.toMatchObject({
      code: 'encrypted_pdf',
    });
    await expect(reader.read('pdf', Buffer.from('%PDF-1.7 nothing else'))).rejects.toMatchObject({
      code: 'invalid_pdf',
    });
    await expect(reader.read('docx', fixture(FULL_SIZE_PDF))).rejects.toMatchObject({
      code: 'invalid_docx',
    });
  });

  it('gives up on a document that takes too long, ending its thread', async () => {
    const impatient = new DocumentReader({ timeoutMs: 1 });
    await expect(impatient.read('pdf', fixture(FULL_SIZE_PDF))).rejects.toMatchObject({
      code: 'document_too_complex',
    });
  });
});

// Every test document as an office would save it: Word document → PDF with LibreOffice.
describe('every test document saved as PDF by LibreOffice reads back as its text', () => {
  const names = testDocumentNames();
  const texts = new Map<string, string>([
    ['feedback-sample', readSample()],
    ...names.map((n): [string, string] => [
      n.replace(/\.txt$/, '').replace('/', '-'),
      readDocument(n),
    ]),
  ]);
  let pdfs: Map<string, Buffer> | null = null;

  beforeAll(async () => {
    if (!(await libreOfficeAvailable())) return;
    const docx = new Map<string, Buffer>();
    for (const [name, text] of texts) docx.set(name, await genreDocx(text));
    pdfs = await docxToPdf(docx);
  }, 240_000);

  it.each([...texts.keys()])(
    '%s',
    async (name) => {
      if (!pdfs) {
        console.warn('LibreOffice (soffice) is not installed: PDF round trip not run');
        return;
      }
      const text = texts.get(name) as string;
      const read = await new DocumentReader().read('pdf', pdfs.get(name) as Buffer);
      const first = parseRectificationText(text, { defaultYear: 2025 });
      const second = parseRectificationText(read.text, { defaultYear: 2025 });
      expect(withoutLines(second.areas)).toEqual(withoutLines(first.areas));
      expect(second.publication).toEqual(first.publication);
      // Reading a PDF starts pdf.js in a worker thread: seconds on a loaded two-core machine.
    },
    60_000,
  );
});
