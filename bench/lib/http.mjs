// A small JSON client for the bench: node:http with a keep-alive agent, so the latency measured
// is the API's and not a new TCP connection's (or fetch's) per request.

import http from 'node:http';
import { performance } from 'node:perf_hooks';

export class Api {
  /** @param {string} baseUrl e.g. http://127.0.0.1:3456 */
  constructor(baseUrl) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    /** @type {Map<string, { token: string, user: any }>} */
    this.sessions = new Map();
  }

  /**
   * @param {string} method
   * @param {string} path below /api
   * @param {{ as?: string, body?: unknown, timeoutMs?: number, parse?: boolean }} [opts]
   *   parse: false leaves the answer unread (body = its size), sparing the bench its garbage
   * @returns {Promise<{ status: number, body: any, ms: number }>} ms: request sent → last byte in
   */
  request(method, path, { as, body, timeoutMs = 600_000, parse = true } = {}) {
    const headers = { accept: 'application/json' };
    if (as) {
      const session = this.sessions.get(as);
      if (!session) throw new Error(`${as} has not logged in`);
      headers.authorization = `Bearer ${session.token}`;
    }
    let payload;
    if (body !== undefined) {
      payload = Buffer.from(JSON.stringify(body));
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    const send = (retried) =>
      this.send(method, path, headers, payload, timeoutMs, parse).catch((e) => {
        // An idle keep-alive socket the API closed (its keepAliveTimeout, 5 s) just as this request
        // went out on it: the request never reached the API. Node's documented remedy is to send
        // it again; only reads, which are safe to repeat, and only once.
        if (!retried && e.reusedSocket && e.code === 'ECONNRESET' && method === 'GET')
          return send(true);
        throw e;
      });
    return send(false);
  }

  send(method, path, headers, payload, timeoutMs, parse) {
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.request(
        {
          host: this.host,
          port: this.port,
          method,
          path: `/api${path}`,
          headers,
          agent: this.agent,
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            // Latency is up to the last byte: parsing the answer is the client's own work.
            const ms = performance.now() - t0;
            if (!parse) {
              resolve({
                status: res.statusCode ?? 0,
                body: chunks.reduce((n, c) => n + c.length, 0),
                ms,
              });
              return;
            }
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              /* not JSON */
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, ms });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(timeoutMs, () =>
        req.destroy(new Error(`${method} ${path}: no answer in ${timeoutMs} ms`)),
      );
      req.on('error', (e) => reject(Object.assign(e, { reusedSocket: req.reusedSocket })));
      req.end(payload);
    });
  }

  get(path, as) {
    return this.request('GET', path, { as });
  }

  post(path, as, body) {
    return this.request('POST', path, { as, body });
  }

  /** Like request, but anything but the expected status is an error naming the answer. */
  async expect(status, method, path, opts) {
    return (await this.expectTimed(status, method, path, opts)).body;
  }

  /** expect() with the latency: `{ body, ms }`. */
  async expectTimed(status, method, path, opts) {
    const res = await this.request(method, path, opts);
    if (res.status !== status) {
      const detail = JSON.stringify(res.body)?.slice(0, 500);
      throw new Error(
        `${method} /api${path} answered ${res.status}, expected ${status}: ${detail}`,
      );
    }
    return { body: res.body, ms: res.ms };
  }

  async login(username, password = 'demo') {
    const body = await this.expect(200, 'POST', '/auth/login', { body: { username, password } });
    this.sessions.set(username, { token: body.accessToken, user: body.user });
    return body.user;
  }

  user(username) {
    const s = this.sessions.get(username);
    if (!s) throw new Error(`${username} has not logged in`);
    return s.user;
  }

  close() {
    this.agent.destroy();
  }
}
