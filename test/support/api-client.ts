import { HISTORY_LABELS } from '@rectiflow/domain';

/** A small HTTP client for tests: JSON in and out, bearer tokens per demo user. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class ApiClient {
  private tokens = new Map<string, string>();
  users = new Map<string, { id: string; roles: string[]; departmentId: string | null }>();
  departments = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    opts: {
      as?: string;
      body?: unknown;
      headers?: Record<string, string>;
      raw?: FormData | string;
    } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.as) headers.authorization = `Bearer ${await this.token(opts.as)}`;
    let body: FormData | string | undefined = opts.raw;
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const res = await fetch(`${this.baseUrl}/api${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    if (method === 'GET' && res.status === 200) unlabelledHistory(path, parsed);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string, as?: string) {
    return this.request<T>('GET', path, { as });
  }

  post<T = any>(
    path: string,
    as: string | undefined,
    body?: unknown,
    headers?: Record<string, string>,
  ) {
    return this.request<T>('POST', path, { as, body, headers });
  }

  async token(username: string): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached) return cached;
    const res = await this.request('POST', '/auth/login', { body: { username, password: 'demo' } });
    if (res.status !== 200)
      throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.tokens.set(username, res.body.accessToken);
    this.users.set(username, res.body.user);
    return res.body.accessToken;
  }

  /** Logs every demo user in and learns the department ids. */
  async loadDemo(): Promise<void> {
    for (const u of [
      'office',
      'committee',
      'leader1',
      'leader2',
      'supervisor',
      'inspector',
      'dept1',
      'dept2',
      'dept3',
      'dept1head',
      'dept2head',
      'dept3head',
    ]) {
      await this.token(u);
    }
    const depts = await this.get('/departments', 'office');
    for (const d of depts.body.items) this.departments.set(d.code, d.id);
  }

  /** Signs a user in with their own password (not a demo one) and keeps the token as theirs. */
  async signIn(username: string, password: string): Promise<ApiResponse> {
    const res = await this.request('POST', '/auth/login', { body: { username, password } });
    if (res.status === 200) {
      this.tokens.set(username, res.body.accessToken);
      this.users.set(username, res.body.user);
    }
    return res;
  }

  /** Drops a user's cached token (revoked: their password, roles or department changed). */
  forget(username: string): void {
    this.tokens.delete(username);
  }

  userId(username: string): string {
    const u = this.users.get(username);
    if (!u) throw new Error(`${username} has not logged in`);
    return u.id;
  }

  /** The caller's open inbox task for a finding, of a kind. */
  async taskFor(username: string, findingId: string, kind: string): Promise<any | undefined> {
    const res = await this.get(`/inbox?kind=${kind}&pageSize=500`, username);
    return res.body.items.find((t: any) => t.findingId === findingId);
  }

  async upload(
    findingId: string,
    as: string,
    filename: string,
    content: Buffer | string,
    kind = 'material',
    measureId?: string,
  ): Promise<ApiResponse> {
    const form = new FormData();
    form.append(
      'file',
      new Blob([typeof content === 'string' ? Buffer.from(content) : content]),
      filename,
    );
    form.append('kind', kind);
    if (measureId) form.append('measureId', measureId);
    return this.request('POST', `/findings/${findingId}/evidence`, { as, raw: form });
  }
}

/**
 * Every line of a finding's 办理过程 must read as words: the web app shows an action without a
 * label (HISTORY_LABELS) as its raw key, e.g. "supervision.talk_recorded". Checked on every
 * finding detail any e2e test reads, so an action added without its label fails the suite that
 * first records it.
 */
function unlabelledHistory(path: string, body: unknown): void {
  if (!/^\/findings\/[^/?]+(\?|$)/.test(path)) return;
  const history = (body as { history?: { action: string }[] } | null)?.history;
  if (!Array.isArray(history)) return;
  const missing = [...new Set(history.map((h) => h.action))].filter((a) => !HISTORY_LABELS[a]);
  if (missing.length)
    throw new Error(`GET ${path}: history actions without a label: ${missing.join(', ')}`);
}
