// Test helper: the paragraphs of a .docx (w:p → text of its w:t runs) and the style of each, read
// with jszip (exceljs's own dependency). Enough to check structure and re-import the text.

import JSZip from 'jszip';

export interface DocxParagraph {
  style: string | null;
  text: string;
}

const XML_ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
  '&quot;': '"',
  '&apos;': "'",
};

export async function docxParts(buffer: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(buffer);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files)) {
    if (name.endsWith('.xml')) out[name] = await zip.file(name)!.async('string');
  }
  return out;
}

export async function docxParagraphs(buffer: Buffer): Promise<DocxParagraph[]> {
  const xml = (await docxParts(buffer))['word/document.xml'];
  const paragraphs = xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [];
  return paragraphs.map((p) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? null,
    text: [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((m) => m[1].replace(/&(lt|gt|amp|quot|apos);/g, (e) => XML_ENTITIES[e]))
      .join(''),
  }));
}
