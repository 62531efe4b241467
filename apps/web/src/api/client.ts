// The one way the app talks to the API (API.md): bearer token, JSON in and out, NestJS error
// bodies turned into ApiError with every message kept so forms can place them by field.

/** One reason the API refused a request (`errors` beside `message` in every 400, 413, 415). */
export interface ApiFieldError {
  field: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string[],
    /** The answer's machine-readable `code`, when it has one (`separation_of_duties`, …). */
    readonly code: string | null = null,
    /** Per field: `{ field, code, message }`, for the app to word in zh and en. */
    readonly errors: ApiFieldError[] = [],
    /** The whole answer, for what some carry beside the code (`openFindings`, …). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(messages.join('; ') || `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

/** The answer's `errors`, when it has them. */
export function fieldErrorsOf(body: unknown): ApiFieldError[] {
  if (!body || typeof body !== 'object' || !('errors' in body)) return [];
  const errors = (body as { errors: unknown }).errors;
  return Array.isArray(errors)
    ? errors.filter(
        (e): e is ApiFieldError =>
          !!e && typeof e === 'object' && typeof (e as ApiFieldError).code === 'string',
      )
    : [];
}

let token: string | null = null;
let onUnauthorized: (() => void) | null = null;
let onPasswordChangeRequired: (() => void) | null = null;

export function setToken(value: string | null): void {
  token = value;
}

export function getToken(): string | null {
  return token;
}

/** Called when a signed-in request answers 401 (token expired): the app signs out. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/** Called when a request answers 403 `password_change_required`: the app shows the form. */
export function setPasswordChangeHandler(handler: (() => void) | null): void {
  onPasswordChangeRequired = handler;
}

function codeOf(body: unknown): string | null {
  if (body && typeof body === 'object' && 'code' in body) {
    const c = (body as { code: unknown }).code;
    if (typeof c === 'string') return c;
  }
  return null;
}

function messagesOf(status: number, body: unknown): string[] {
  if (body && typeof body === 'object' && 'message' in body) {
    const m = (body as { message: unknown }).message;
    if (Array.isArray(m)) return m.map(String);
    if (typeof m === 'string') return [m];
  }
  if (typeof body === 'string' && body.trim()) return [body.trim().slice(0, 500)];
  return [`HTTP ${status}`];
}

export interface RequestOptions {
  /** JSON-encoded unless it is text (sent as text/plain) or FormData (multipart). */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function request<T>(
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) };
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) {
    body = opts.body;
  } else if (typeof opts.body === 'string') {
    headers['Content-Type'] ??= 'text/plain; charset=utf-8';
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(`/api${path}`, { method, headers, body, signal: opts.signal });
  const text = await res.text();
  let parsed: unknown = text;
  if (text && (res.headers.get('content-type') ?? '').includes('json')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      /* keep the text */
    }
  }
  if (!res.ok) {
    if (res.status === 401 && token && onUnauthorized) onUnauthorized();
    const code = codeOf(parsed);
    if (res.status === 403 && code === 'password_change_required' && onPasswordChangeRequired)
      onPasswordChangeRequired();
    throw new ApiError(res.status, messagesOf(res.status, parsed), code, fieldErrorsOf(parsed), {
      ...(parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {}),
    });
  }
  return (text ? parsed : null) as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, { signal }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    request<T>('POST', path, { body, headers }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  del: <T>(path: string) => request<T>('DELETE', path),
};

/** `?a=1&b=x` from the defined values only. */
export function query(
  params: Record<string, string | number | boolean | undefined | null>,
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : fallback;
}

/**
 * Downloads a protected file: links cannot carry the bearer token, so fetch it and hand the
 * browser a blob under the name the API gives (Content-Disposition).
 */
/**
 * The bytes of a protected file, fetched with the bearer token, as a Blob of `type` (the
 * type the API checked on upload, so the browser never sniffs the bytes as something else).
 */
export async function fetchFile(path: string, type: string): Promise<Blob> {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`/api${path}`, { headers });
  if (!res.ok) throw await apiErrorOf(res);
  return new Blob([await res.arrayBuffer()], { type });
}

async function apiErrorOf(res: Response): Promise<ApiError> {
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return new ApiError(
    res.status,
    messagesOf(res.status, parsed),
    codeOf(parsed),
    fieldErrorsOf(parsed),
  );
}

export async function download(path: string, fallbackName: string): Promise<string> {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`/api${path}`, { headers });
  if (!res.ok) {
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    throw new ApiError(
      res.status,
      messagesOf(res.status, parsed),
      codeOf(parsed),
      fieldErrorsOf(parsed),
    );
  }
  const blob = await res.blob();
  const name = filenameFrom(res.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
