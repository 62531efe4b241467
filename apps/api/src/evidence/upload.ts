import { BadRequestException } from '@nestjs/common';
import { fieldError } from '../http/field-errors';
import { checkEvidenceType, decodeUploadName, sanitiseFilename } from './evidence-type';

/** A file as multer hands it over (memory storage). */
export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** An upload that passed the evidence upload rules: its bytes and what is stored of it. */
export interface AcceptedUpload {
  buffer: Buffer;
  /** The client's name, decoded and made safe, with the extension of its real type. */
  filename: string;
  mimeType: string;
  size: number;
}

/**
 * The evidence upload rules every upload goes through (evidence, a comment's files, a
 * supervision record's files): a file is required and not empty, and its bytes must be of an
 * allowed type (400 naming `file` with the verdict's code otherwise). Sizes beyond
 * UPLOAD_MAX_BYTES never get here: multer stops reading and Nest answers 413.
 */
export function acceptUpload(file: UploadedFile | undefined): AcceptedUpload {
  if (!file) throw new BadRequestException(['file is required']);
  if (file.size === 0) throw new BadRequestException(['file is empty']);
  const name = decodeUploadName(file.originalname);
  const verdict = checkEvidenceType(file.buffer, name);
  if (!verdict.ok) throw fieldError('file', verdict.code, verdict.message);
  return {
    buffer: file.buffer,
    filename: sanitiseFilename(name, verdict.type),
    mimeType: verdict.type.mime,
    size: file.size,
  };
}
