import {
  Catch,
  HttpException,
  HttpStatus,
  ServiceUnavailableException,
  type ArgumentsHost,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { QueryRunnerAlreadyReleasedError } from 'typeorm';
import { errorsFromMessages } from './field-errors';

// SQLite: another process holds the lock past the busy timeout, or the file cannot be opened.
const SQLITE_CODES = /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|PROTOCOL|FULL)/;
// Node socket errors while reaching PostgreSQL.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// PostgreSQL SQLSTATEs: class 08 (connection exception), server shutting down or starting,
// too many connections.
const PG_STATES = /^(08...|57P0[1-3]|53300)$/;
// node-postgres reports a lost or never-made connection with these messages and no code.
const PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established|database is locked/i;

/** True when `err` says the read-model database cannot be reached now (not that a query is wrong). */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (SQLITE_CODES.test(code) || SOCKET_CODES.has(code) || PG_STATES.test(code)) return true;
  if (typeof e.message === 'string' && PG_MESSAGES.test(e.message)) return true;
  // A transaction whose connection the database dropped mid-way (a restart): rolled back.
  if (err instanceof QueryRunnerAlreadyReleasedError) return true;
  return (
    isDatabaseUnavailable(e.driverError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1)
  );
}

/** An Express middleware's client error (body-parser's 413, a bad charset…), from http-errors. */
function clientError(err: unknown): { status: number; message: string } | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown };
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499 || e.expose !== true) return null;
  return {
    status,
    message: typeof e.message === 'string' ? e.message : (STATUS_CODES[status] ?? 'Bad Request'),
  };
}

/**
 * Errors that are not Nest exceptions but have a proper answer:
 * - a database outage is the server's condition, not a bug: 503 with Retry-After, so clients
 *   retry (task steps with the same Idempotency-Key) instead of seeing a 500. Each API write
 *   is one transaction, so a request that fails here has not half-written anything;
 * - a client error raised by Express middleware (an oversized body: 413) keeps its status and
 *   is not logged as a server error with a stack trace (that would let anyone flood the log).
 * Everything else goes to Nest's default handling.
 */
@Catch()
export class KnownErrorsFilter extends BaseExceptionFilter {
  /** UPLOAD_MAX_BYTES, named in the 413 of an upload over it. */
  uploadMaxBytes: number | null = null;

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() === 'http') {
      const res = host.switchToHttp().getResponse<Response>();
      if (exception instanceof ServiceUnavailableException) res.setHeader('Retry-After', '5');
      const known = isDatabaseUnavailable(exception)
        ? {
            status: HttpStatus.SERVICE_UNAVAILABLE,
            message: 'the database is unavailable; try again',
          }
        : clientError(exception);
      if (exception instanceof HttpException && !res.headersSent) {
        const answered = answerWithFieldErrors(exception, res, this.uploadMaxBytes);
        if (answered) return;
      }
      if (known && !res.headersSent) {
        if (known.status === HttpStatus.SERVICE_UNAVAILABLE) res.setHeader('Retry-After', '5');
        res.status(known.status).json({
          statusCode: known.status,
          error: STATUS_CODES[known.status],
          message: known.message,
          ...(known.status >= 400 && known.status < 500
            ? { errors: errorsFromMessages([known.message]) }
            : {}),
        });
        return;
      }
    }
    super.catch(exception, host);
  }
}

/** Statuses whose answer names the field or limit at fault in `errors`. */
const FIELD_STATUSES = new Set([400, 413, 415]);
/** Seconds a client waits after a 429 that named no time of its own. */
const DEFAULT_RETRY_AFTER = '60';

/**
 * Nest exceptions that need more than Nest gives them: a 400, 413 or 415 without `errors`
 * (a service's `BadRequestException([...])`) gets them from its messages; a 429 always
 * carries `Retry-After` (@nestjs/throttler names its header after the throttler,
 * `Retry-After-login`, which clients do not read). False when Nest's answer is right as is.
 */
function answerWithFieldErrors(
  exception: HttpException,
  res: Response,
  uploadMaxBytes: number | null,
): boolean {
  const status = exception.getStatus();
  if (status === HttpStatus.TOO_MANY_REQUESTS && !res.getHeader('Retry-After')) {
    const named = Object.entries(res.getHeaders()).find(([h]) =>
      h.toLowerCase().startsWith('retry-after-'),
    )?.[1];
    res.setHeader('Retry-After', String(named ?? DEFAULT_RETRY_AFTER));
    return false;
  }
  if (!FIELD_STATUSES.has(status)) return false;
  const body = exception.getResponse();
  if (typeof body === 'object' && body !== null && 'errors' in body) return false;
  const raw =
    typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
  const messages = (Array.isArray(raw) ? raw : [raw ?? exception.message]).map(String);
  // Multer's own words for a file over UPLOAD_MAX_BYTES name neither the field nor the limit.
  if (status === HttpStatus.PAYLOAD_TOO_LARGE && messages[0] === 'File too large') {
    const message = `file is larger than the limit of ${uploadMaxBytes ?? '?'} bytes (UPLOAD_MAX_BYTES)`;
    res.status(status).json({
      statusCode: status,
      error: STATUS_CODES[status],
      message: [message],
      errors: [{ field: 'file', code: 'file_too_large', message }],
    });
    return true;
  }
  res.status(status).json({
    ...(typeof body === 'object' && body !== null ? body : {}),
    statusCode: status,
    error: STATUS_CODES[status],
    message: raw ?? exception.message,
    errors: errorsFromMessages(messages),
  });
  return true;
}
