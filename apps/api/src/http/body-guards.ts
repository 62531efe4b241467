import type { NextFunction, Request, Response } from 'express';
import { fieldErrorBody, type FieldError } from './field-errors';

/** Keys that would reach an object's prototype when code copies a body naively. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** An error shaped like body-parser's (http-errors), so one handler answers both. */
export class BodyError extends Error {
  readonly expose = true;
  constructor(
    readonly status: number,
    readonly field: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * True when the JSON text nests objects and lists deeper than `max`, found by counting
 * brackets outside strings, before anything is parsed (a body nested 100,000 deep would
 * otherwise exhaust the parser's or the validator's stack).
 */
export function jsonDeeperThan(buf: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** The dotted path of the first `__proto__`, `constructor` or `prototype` key, or null. */
export function reservedKeyPath(value: unknown, max = 1000): string | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (!v || typeof v !== 'object' || depth > max) continue;
    // JSON.parse makes `__proto__` an own property, so Object.keys sees it.
    for (const key of Object.keys(v)) {
      const at = path ? `${path}.${key}` : key;
      if (RESERVED_KEYS.has(key)) return at;
      stack.push({ value: (v as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  return null;
}

/** body-parser's `verify`: refuses a JSON body nested deeper than `maxDepth`. */
export function verifyJsonDepth(maxDepth: number) {
  return (_req: unknown, _res: unknown, buf: Buffer): void => {
    if (jsonDeeperThan(buf, maxDepth)) {
      throw new BodyError(
        400,
        'body',
        'json_too_deep',
        `body: JSON nested deeper than ${maxDepth} levels (JSON_MAX_DEPTH)`,
      );
    }
  };
}

/** Middleware after the JSON parser: a reserved key anywhere in the body is a 400 naming its path. */
export function refuseReservedKeys(req: Request, _res: Response, next: NextFunction): void {
  const at = req.body && typeof req.body === 'object' ? reservedKeyPath(req.body) : null;
  if (at)
    next(
      new BodyError(
        400,
        at,
        'reserved_key',
        `${at}: property ${at.split('.').pop()} should not exist`,
      ),
    );
  else next();
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/**
 * Refuses a declared charset other than UTF-8 (the JSON parser would decode UTF-16, the
 * text parser any iconv charset): every text the API stores is UTF-8.
 */
export function refuseForeignCharset(req: Request, _res: Response, next: NextFunction): void {
  const charset = CHARSET.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8')
    next(
      new BodyError(
        415,
        'content-type',
        'unsupported_charset',
        `content-type: charset ${charset} is not supported; send UTF-8`,
      ),
    );
  else next();
}

/** What the client sent that a body parser refused, as a status and `errors`. */
export function bodyErrorAnswer(
  err: unknown,
  limits: Record<string, string>,
): { status: number; errors: FieldError[] } | null {
  if (err instanceof BodyError)
    return {
      status: err.status,
      errors: [{ field: err.field, code: err.code, message: err.message }],
    };
  if (!err || typeof err !== 'object') return null;
  const e = err as { type?: unknown; status?: unknown; limit?: unknown; message?: unknown };
  const one = (status: number, field: string, code: string, message: string) => ({
    status,
    errors: [{ field, code, message }],
  });
  switch (e.type) {
    case 'entity.parse.failed':
      return one(
        400,
        'body',
        'invalid_json',
        `body is not valid JSON (an object or a list): ${String(e.message)}`,
      );
    case 'entity.too.large': {
      const limit = typeof e.limit === 'number' ? e.limit : null;
      return one(
        413,
        'body',
        'body_too_large',
        `body is larger than the limit of ${limit ?? '?'} bytes (JSON ${limits.json}, text ${limits.text}, forms ${limits.urlencoded})`,
      );
    }
    case 'charset.unsupported':
      return one(415, 'content-type', 'unsupported_charset', `content-type: ${String(e.message)}`);
    case 'encoding.unsupported':
      return one(
        415,
        'content-encoding',
        'unsupported_content_encoding',
        'content-encoding: compressed bodies (gzip, deflate, br) are not accepted; send the body as it is',
      );
    case 'parameters.too.many':
      return one(413, 'body', 'too_many_parameters', String(e.message));
    default:
      if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
        return one(e.status, 'body', 'bad_request', String(e.message));
      return null;
  }
}

/**
 * Answers a body the parsers refused, right after them. Without it the error would travel on
 * through Express and meet @nestjs/serve-static's error handler (the web app, on in the
 * embedded default), which turns every error on an excluded `/api` path into
 * `404 Cannot POST /api/…`.
 */
export function answerBodyErrors(limits: Record<string, string>) {
  return (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const answer = bodyErrorAnswer(err, limits);
    if (!answer || res.headersSent) return next(err);
    res.status(answer.status).json(fieldErrorBody(answer.status, answer.errors));
  };
}
