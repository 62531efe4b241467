/**
 * Why a document could not be read. The code is stable (the API answers it as the field error's
 * `code`); the message says in the office's words what is wrong and what to do instead.
 */
export type DocumentErrorCode =
  | 'invalid_docx'
  | 'invalid_pdf'
  | 'encrypted_pdf'
  | 'scanned_pdf'
  | 'unreadable_pdf_text'
  | 'document_too_complex';

export class DocumentReadError extends Error {
  constructor(
    readonly code: DocumentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DocumentReadError';
  }
}
