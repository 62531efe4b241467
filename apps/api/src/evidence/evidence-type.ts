import { filetypeinfo } from 'magic-bytes.js';

/** What an upload is, decided from its first bytes, never from its name. */
export interface DetectedType {
  mime: string;
  extension: string;
}

const ALLOWED: Record<string, DetectedType> = {
  pdf: { mime: 'application/pdf', extension: 'pdf' },
  png: { mime: 'image/png', extension: 'png' },
  jpg: { mime: 'image/jpeg', extension: 'jpg' },
  gif: { mime: 'image/gif', extension: 'gif' },
  webp: { mime: 'image/webp', extension: 'webp' },
  bmp: { mime: 'image/bmp', extension: 'bmp' },
  tiff: { mime: 'image/tiff', extension: 'tif' },
  // docx, xlsx, pptx, odt and OFD are zip containers; the name's extension is kept for them.
  zip: { mime: 'application/zip', extension: 'zip' },
  // Legacy .doc/.xls/.ppt are OLE compound files.
  cfb: { mime: 'application/x-ole-storage', extension: 'doc' },
};

const OFFICE_BY_EXTENSION: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  ofd: 'application/ofd',
};

function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 64 * 1024);
  if (sample.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(
      sample.length === bytes.length ? sample : trimPartialChar(sample),
    );
    return true;
  } catch {
    return false;
  }
}

// A sample cut in the middle of a multi-byte character is still text.
function trimPartialChar(sample: Uint8Array): Uint8Array {
  let end = sample.length;
  for (let i = 0; i < 3 && end > 0 && (sample[end - 1] & 0xc0) === 0x80; i++) end--;
  if (end > 0 && (sample[end - 1] & 0xc0) === 0xc0) end--;
  return sample.subarray(0, end);
}

/** The allowed type of these bytes, or null when they are not on the allow-list. */
export function detectEvidenceType(bytes: Uint8Array, filename: string): DetectedType | null {
  const ext = filename.split('.').pop()?.toLowerCase() ?? '';
  for (const info of filetypeinfo(bytes)) {
    const allowed = ALLOWED[info.typename === 'jpeg' ? 'jpg' : info.typename];
    if (!allowed) continue;
    if ((info.typename === 'zip' || info.typename === 'cfb') && OFFICE_BY_EXTENSION[ext]) {
      return { mime: OFFICE_BY_EXTENSION[ext], extension: ext };
    }
    return allowed;
  }
  if (bytes.length > 0 && looksLikeText(bytes)) {
    const textExt = ['txt', 'csv', 'md'].includes(ext) ? ext : 'txt';
    return { mime: textExt === 'csv' ? 'text/csv' : 'text/plain', extension: textExt };
  }
  return null;
}

// Other spellings of a detected type's extension that a name may keep.
const EXTENSION_ALIASES: Record<string, string[]> = { jpg: ['jpeg', 'jpe'], tif: ['tiff'] };
// Bidirectional overrides and isolates make "gpj.exe" display as "exe.jpg"; zero-width
// characters hide parts of a name.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;
const MAX_NAME = 150;

/**
 * The upload's file name as the client meant it. Browsers send UTF-8 bytes in `filename="…"`,
 * which multer hands over read as latin1; `filename*=UTF-8''…` arrives already decoded.
 */
export function decodeUploadName(original: string): string {
  if (/[\u0100-\uffff]/.test(original)) return original;
  const utf8 = Buffer.from(original, 'latin1').toString('utf8');
  return utf8.includes('\ufffd') ? original : utf8;
}

/**
 * A display name safe to store and to send back: no path, no control or invisible characters,
 * nothing a file system or a header would read specially, at most 150 characters, and ending
 * in an extension that matches the detected type (else the type's extension is appended, so
 * a PDF named "x.exe" is served as "x.exe.pdf").
 */
export function sanitiseFilename(name: string, type: DetectedType): string {
  let base = (name.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}"<>|:*?]/gu, '')
    .replace(INVISIBLE, '')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (base.length === 0) base = 'evidence';
  if (WINDOWS_DEVICE.test(base)) base = `_${base}`;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  const fits = ext === type.extension || (EXTENSION_ALIASES[type.extension] ?? []).includes(ext);
  const suffix = fits ? base.slice(dot) : `.${type.extension}`;
  const stem = fits ? base.slice(0, dot) : base;
  // Cut the stem, never the extension, and never inside a surrogate pair.
  return (
    Array.from(stem)
      .slice(0, MAX_NAME - suffix.length)
      .join('') + suffix
  );
}
