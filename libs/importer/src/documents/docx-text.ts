// .docx → plain text, one paragraph a line, for the genre parser. mammoth reads the document
// (runs, tabs, breaks, hyperlinks, fields, tracked changes, tables, text boxes); before it does,
// each automatically numbered paragraph gets its list label ("（一）", "1.", "（1）") written into
// it as text, because mammoth, like every text extractor, drops list numbering (see
// word-numbering.ts). Typed numbering is text already and passes through untouched.

import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { DocumentReadError } from './document-errors';
import { ListCounter, NumberingDefinitions, wChild, wElements } from './word-numbering';

const RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE_DOCUMENT = /\/officeDocument$/;
const NUMBERING = /\/numbering$/;
const STYLES = /\/styles$/;

export interface DocxText {
  text: string;
  paragraphs: number;
  /** Paragraphs whose label came from Word's automatic numbering. */
  numbered: number;
}

function parseXml(xml: string, part: string): Document {
  try {
    return new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(xml, 'text/xml');
  } catch (err) {
    throw new DocumentReadError(
      'invalid_docx',
      `Word 文档已损坏：${part} 不是有效的 XML（${err instanceof Error ? err.message : String(err)}）`,
    );
  }
}

async function readPart(zip: JSZip, name: string | null): Promise<string | null> {
  if (name === null) return null;
  const file = zip.file(name);
  return file ? file.async('string') : null;
}

/** "word/document.xml" + "numbering.xml" → "word/numbering.xml"; absolute targets as given. */
function resolveTarget(source: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = source.split('/').slice(0, -1);
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
}

/** Targets of a part's relationships by type, from its .rels file. */
async function relationships(
  zip: JSZip,
  source: string,
): Promise<{ type: string; target: string }[]> {
  const slash = source.lastIndexOf('/');
  const relsName = `${source.slice(0, slash + 1)}_rels/${source.slice(slash + 1)}.rels`;
  const xml = await readPart(zip, relsName);
  if (xml === null) return [];
  const doc = parseXml(xml, relsName);
  const list = doc.getElementsByTagNameNS(RELS_NS, 'Relationship');
  const out: { type: string; target: string }[] = [];
  for (let i = 0; i < list.length; i++) {
    const el = list[i] as Element;
    if (el.getAttribute('TargetMode') === 'External') continue;
    out.push({
      type: el.getAttribute('Type') ?? '',
      target: resolveTarget(source, el.getAttribute('Target') ?? ''),
    });
  }
  return out;
}

async function openZip(buffer: Uint8Array): Promise<JSZip> {
  try {
    return await JSZip.loadAsync(buffer);
  } catch {
    throw new DocumentReadError('invalid_docx', '文件不是有效的 Word 文档（.docx）');
  }
}

/**
 * Writes each automatically numbered paragraph's label into it as its first run, and answers
 * how many it numbered. Works on the DOM in place.
 */
function writeListLabels(document: Document, defs: NumberingDefinitions): number {
  if (defs.isEmpty) return 0;
  const counter = new ListCounter(defs);
  let numbered = 0;
  for (const p of wElements(document, 'p')) {
    const pPr = wChild(p, 'pPr');
    const numbering = defs.paragraphNumbering(pPr);
    if (!numbering) continue;
    const label = counter.next(numbering.numId, numbering.level);
    if (label.length === 0) continue;
    const ns = p.namespaceURI;
    const prefix = p.prefix ? `${p.prefix}:` : '';
    const run = document.createElementNS(ns, `${prefix}r`);
    const text = document.createElementNS(ns, `${prefix}t`);
    text.setAttributeNS('http://www.w3.org/XML/1998/namespace', 'xml:space', 'preserve');
    text.appendChild(document.createTextNode(label));
    run.appendChild(text);
    p.insertBefore(run, pPr ? pPr.nextSibling : p.firstChild);
    numbered++;
  }
  return numbered;
}

/** The text of a .docx, paragraphs on their own lines, automatic numbering written out. */
export async function docxText(buffer: Uint8Array): Promise<DocxText> {
  const zip = await openZip(buffer);
  const main = (await relationships(zip, '')).find((r) => OFFICE_DOCUMENT.test(r.type));
  const mainName = main?.target ?? 'word/document.xml';
  const mainXml = await readPart(zip, mainName);
  if (mainXml === null) {
    throw new DocumentReadError(
      'invalid_docx',
      '文件不是 Word 文档（.docx）：缺少正文部分（word/document.xml）',
    );
  }
  const parts = await relationships(zip, mainName);
  const numberingName = parts.find((r) => NUMBERING.test(r.type))?.target ?? null;
  const stylesName = parts.find((r) => STYLES.test(r.type))?.target ?? null;
  const [numberingXml, stylesXml] = await Promise.all([
    readPart(zip, numberingName),
    readPart(zip, stylesName),
  ]);
  const defs = new NumberingDefinitions(
    numberingXml && numberingName ? parseXml(numberingXml, numberingName) : null,
    stylesXml && stylesName ? parseXml(stylesXml, stylesName) : null,
  );
  const document = parseXml(mainXml, mainName);
  const numbered = writeListLabels(document, defs);
  let input = buffer;
  if (numbered > 0) {
    zip.file(mainName, new XMLSerializer().serializeToString(document));
    // Stored, not deflated: the copy only lives until mammoth has read it.
    input = await zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
  }
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: Buffer.from(input) })).value;
  } catch (err) {
    throw new DocumentReadError(
      'invalid_docx',
      `无法读取 Word 文档：${err instanceof Error ? err.message : String(err)}`,
    );
  }
  // mammoth ends every paragraph with a blank line, which carries no meaning for the parser; a
  // line break inside a paragraph stays a line of its own.
  const text = raw
    .split('\n')
    .filter((line) => line.trim() !== '')
    .join('\n');
  return { text, paragraphs: wElements(document, 'p').length, numbered };
}
