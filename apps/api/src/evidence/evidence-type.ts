import { filetypeinfo } from 'magic-bytes.js';

/** What an upload is, decided from its first bytes, never from its name. */
export interface DetectedType {
  mime: string;
  extension: string;
}

/**
 * The evidence a department files (DOMAIN.md: reports, ledgers, materials): documents
 * (PDF, OFD, Word, WPS-saved Office files, OpenDocument), spreadsheets, photos and scans,
 * plain text and CSV, and zip archives of those. Each extension names the signature its
 * bytes must carry (magic-bytes.js type names); text has none and is checked as UTF-8.
 */
const ZIP_FAMILY = ['zip'];
const OLE = ['doc', 'xls', 'ppt', 'msg'];
const ALLOWED: Record<string, { mime: string; signatures: string[] | 'text' }> = {
  pdf: { mime: 'application/pdf', signatures: ['pdf'] },
  png: { mime: 'image/png', signatures: ['png'] },
  jpg: { mime: 'image/jpeg', signatures: ['jpg'] },
  jpeg: { mime: 'image/jpeg', signatures: ['jpg'] },
  gif: { mime: 'image/gif', signatures: ['gif'] },
  webp: { mime: 'image/webp', signatures: ['webp'] },
  bmp: { mime: 'image/bmp', signatures: ['bmp'] },
  tif: { mime: 'image/tiff', signatures: ['tif'] },
  tiff: { mime: 'image/tiff', signatures: ['tif'] },
  zip: { mime: 'application/zip', signatures: ZIP_FAMILY },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    signatures: ZIP_FAMILY,
  },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    signatures: ZIP_FAMILY,
  },
  pptx: {
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    signatures: ZIP_FAMILY,
  },
  odt: { mime: 'application/vnd.oasis.opendocument.text', signatures: ZIP_FAMILY },
  ods: { mime: 'application/vnd.oasis.opendocument.spreadsheet', signatures: ZIP_FAMILY },
  ofd: { mime: 'application/ofd', signatures: ZIP_FAMILY },
  doc: { mime: 'application/msword', signatures: OLE },
  xls: { mime: 'application/vnd.ms-excel', signatures: OLE },
  ppt: { mime: 'application/vnd.ms-powerpoint', signatures: OLE },
  txt: { mime: 'text/plain', signatures: 'text' },
  md: { mime: 'text/plain', signatures: 'text' },
  csv: { mime: 'text/csv', signatures: 'text' },
};

/** The extensions an upload's name may end in, for messages and the web app's file picker. */
export const ALLOWED_EXTENSIONS = Object.keys(ALLOWED);

/** Valid UTF-8 without NUL, all of it (plain text has no signature to check instead). */
function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

// Bidirectional overrides and isolates make "gpj.exe" display as "exe.jpg"; zero-width
// characters hide parts of a name.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** The extension a file system would see: after the last dot, ignoring invisible characters and trailing dots or spaces. */
export function extensionOf(filename: string): string {
  const base = (filename.split(/[\\/]/).pop() ?? '')
    .replace(/\p{Cc}/gu, '')
    .replace(INVISIBLE, '')
    .replace(/[.\s]+$/, '');
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

export type EvidenceTypeVerdict =
  | { ok: true; type: DetectedType }
  | { ok: false; code: 'file_type_not_allowed' | 'file_type_mismatch'; message: string };

/**
 * An upload is accepted only when its name's extension is on the allow-list and its bytes are
 * what that extension says (a PDF signature for .pdf, UTF-8 text for .txt…): `tool.exe` is
 * refused whatever it holds, a PNG named `photo.txt` and unrecognised bytes named `x.pdf` too.
 */
export function checkEvidenceType(bytes: Uint8Array, filename: string): EvidenceTypeVerdict {
  const extension = extensionOf(filename);
  const allowed = ALLOWED[extension];
  if (!allowed) {
    return {
      ok: false,
      code: 'file_type_not_allowed',
      message: `file type is not allowed: ${extension ? `.${extension}` : 'a name without extension'} (allowed: ${ALLOWED_EXTENSIONS.join(', ')})`,
    };
  }
  const detected = filetypeinfo(bytes).map((i) => i.typename);
  const agrees =
    allowed.signatures === 'text'
      ? isUtf8Text(bytes)
      : allowed.signatures.some((sig) => detected.includes(sig));
  if (!agrees) {
    const found = detected.length > 0 ? `a ${detected[0]} file` : 'unrecognised content';
    return {
      ok: false,
      code: 'file_type_mismatch',
      message: `file type does not match its name: .${extension} expected, ${allowed.signatures === 'text' ? 'UTF-8 text' : 'its signature'} not found (${found})`,
    };
  }
  return { ok: true, type: { mime: allowed.mime, extension } };
}

/** The allowed type of these bytes under this name, or null (see checkEvidenceType). */
export function detectEvidenceType(bytes: Uint8Array, filename: string): DetectedType | null {
  const verdict = checkEvidenceType(bytes, filename);
  return verdict.ok ? verdict.type : null;
}

// Other spellings of a detected type's extension that a name may keep.
const EXTENSION_ALIASES: Record<string, string[]> = { jpg: ['jpeg', 'jpe'], tif: ['tiff'] };
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
