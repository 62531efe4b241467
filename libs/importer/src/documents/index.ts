// Reading Word and PDF documents into the text the genre parser reads. Node only (worker
// threads, mammoth, pdf.js): kept apart from the pure parser, which the web app also imports.

export { DocumentReadError, type DocumentErrorCode } from './document-errors';
export {
  DocumentReader,
  type DocumentKind,
  type DocumentReaderOptions,
  type DocumentStats,
  type DocumentText,
  type ParsedReport,
} from './document-reader';
export { docxText } from './docx-text';
export { formatListNumber } from './word-numbering';
