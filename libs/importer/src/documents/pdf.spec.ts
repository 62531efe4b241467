import { readFileSync, readdirSync } from 'fs';
import * as path from 'path';
import { parseRectificationText } from '../index';
import { readDocument, readSample, withoutLines } from '../test-support/fixtures';
import { docxToPdf, libreOfficeAvailable } from '../test-support/libreoffice';
import { genreDocx } from '../test-support/word-documents';
import { DocumentReader } from './document-reader';

const DOCUMENTS = path.resolve(__dirname, '../../test-documents');
const fixture = (name: string) => readFileSync(path.join(DOCUMENTS, name));

// Through the worker thread, as the API reads uploads.
describe('reading PDFs', () => {
  const reader = new DocumentReader();

  it('reads the 30-finding report saved as PDF (committed fixture) into the same tree as its text', async () => {
    const read = await reader.read('pdf', fixture('county-police-30.pdf'));
    expect(read.pages).toBe(8);
    const text = readDocument('county-police-30.txt');
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
    await expect(reader.read('docx', fixture('county-police-30.pdf'))).rejects.toMatchObject({
      code: 'invalid_docx',
    });
  });

  it('gives up on a document that takes too long, ending its thread', async () => {
    const impatient = new DocumentReader({ timeoutMs: 1 });
    await expect(impatient.read('pdf', fixture('county-police-30.pdf'))).rejects.toMatchObject({
      code: 'document_too_complex',
    });
  });
});

// Every test document as an office would save it: Word document → PDF with LibreOffice.
describe('every test document saved as PDF by LibreOffice reads back as its text', () => {
  const names = readdirSync(DOCUMENTS)
    .filter((n) => n.endsWith('.txt'))
    .sort();
  const texts = new Map<string, string>([
    ['feedback-sample', readSample()],
    ...names.map((n): [string, string] => [n.replace(/\.txt$/, ''), readDocument(n)]),
  ]);
  let pdfs: Map<string, Buffer> | null = null;

  beforeAll(async () => {
    if (!(await libreOfficeAvailable())) return;
    const docx = new Map<string, Buffer>();
    for (const [name, text] of texts) docx.set(name, await genreDocx(text));
    pdfs = await docxToPdf(docx);
  }, 240_000);

  it.each([...texts.keys()])('%s', async (name) => {
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
  });
});
