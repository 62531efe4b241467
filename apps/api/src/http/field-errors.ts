import { BadRequestException, HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/** One reason a request was refused, naming the field (a dotted path) and a stable code. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** The JSON of a refused request: the messages (as before) and, beside them, `errors`. */
export interface FieldErrorBody {
  statusCode: number;
  error: string;
  message: string[];
  errors: FieldError[];
}

export function fieldErrorBody(status: number, errors: FieldError[]): FieldErrorBody {
  return {
    statusCode: status,
    error: STATUS_CODES[status] ?? 'Error',
    message: errors.map((e) => e.message),
    errors,
  };
}

/** A 400 naming one field with a code the web app translates. */
export function fieldError(field: string, code: string, message: string): BadRequestException {
  return new BadRequestException(
    fieldErrorBody(HttpStatus.BAD_REQUEST, [{ field, code, message }]),
  );
}

/** Any status (413, 415…) naming one field or limit with a code. */
export function fieldHttpError(
  status: number,
  field: string,
  code: string,
  message: string,
): HttpException {
  return new HttpException(fieldErrorBody(status, [{ field, code, message }]), status);
}

// Messages name their field first ("dueAt must be …", "measures.0.text should not be empty",
// "measureId: …"), as validation-messages.ts writes them.
const LEADING_PATH = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)(?=[\s:])/;

/**
 * `errors` for an answer that only has messages (a service's `BadRequestException([...])`):
 * the field each message names first, or `body` when it names none, and code `invalid`.
 */
export function errorsFromMessages(messages: string[]): FieldError[] {
  return messages.map((message) => ({
    field: LEADING_PATH.exec(message.trim())?.[1] ?? 'body',
    code: 'invalid',
    message,
  }));
}
