import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, PUBLISHED_JWT_SECRETS } from '@rectiflow/config';
import { AppModule } from '../../apps/api/src/app.module';
import { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { forgedToken, unsignedToken } from './support/tokens';

/**
 * Sessions and secrets: production refuses the development secret and the demo accounts,
 * tokens expire when configured and cannot be forged, logins are rate-limited and fail in
 * the same time whether or not the user exists, responses carry security headers, and
 * browsers from other origins are refused unless configured.
 */

const STRONG_SECRET = 'a-production-secret-of-our-own-0123456789';

describe('production mode', () => {
  it('refuses the development JWT secret, a short secret and demo seeding', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET must be set/);
    for (const published of PUBLISHED_JWT_SECRETS) {
      expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: published })).toThrow(
        ConfigError,
      );
    }
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG_SECRET, SEED_DEMO: 'true' }),
    ).toThrow(/SEED_DEMO/);
    const ok = loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG_SECRET });
    expect(ok.production).toBe(true);
    expect(ok.seedDemo).toBe(false);
    // Development works without a secret (one is made under DATA_DIR on first use).
    expect(loadConfig({ NODE_ENV: 'development', SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it('does not boot the API from a production environment that keeps the default secret', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { NODE_ENV: 'production', SEED_DEMO: '' });
    delete process.env.JWT_SECRET;
    try {
      // AppModule.forRoot() with no config reads and validates the environment, as main.ts does.
      await expect(
        NestFactory.create(AppModule.forRoot(), { logger: false, abortOnError: false }),
      ).rejects.toThrow(/JWT_SECRET/);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});

describe('sessions, headers and CORS (defaults)', () => {
  let stack: TestStack;
  let api: ApiClient;

  beforeAll(async () => {
    // The timing test fails office's login more times in a row than the per-account lockout
    // allows by default (identity.e2e-spec.ts tests the lockout).
    stack = await startStack({ LOGIN_LOCKOUT_ATTEMPTS: '100' });
    api = new ApiClient(stack.url);
    await api.token('office');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses tokens that are unsigned, re-signed or altered', async () => {
    const office = api.users.get('office')!;
    const claims = { sub: office.id, username: 'office', roles: ['office'], departmentId: null };
    const real = await api.token('office');
    const [head, , sig] = real.split('.');
    const escalated = Buffer.from(
      JSON.stringify({ ...claims, roles: ['office', 'committee'], exp: 4102444800 }),
    ).toString('base64url');
    for (const token of [
      unsignedToken(claims),
      await forgedToken(claims),
      `${head}.${escalated}.${sig}`,
      `${real}x`,
      'Bearer',
      '',
    ]) {
      const res = await fetch(`${stack.url}/api/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(401);
    }
    const basic = await fetch(`${stack.url}/api/me`, {
      headers: { authorization: `Basic ${Buffer.from('office:demo').toString('base64')}` },
    });
    expect(basic.status).toBe(401);
    expect((await api.get('/me', 'office')).status).toBe(200);
  });

  it('fails a login for an unknown user as slowly, and as vaguely, as for a wrong password', async () => {
    // The API runs in this process, so the CPU time this process spends on a login is what the
    // API spends on it (a bcrypt comparison is ~all of it). Unlike wall-clock time, that does
    // not grow when other processes load the machine.
    const attempt = async (username: string) => {
      const started = process.cpuUsage();
      const res = await api.post('/auth/login', undefined, {
        username,
        password: 'not-the-password',
      });
      const used = process.cpuUsage(started);
      return {
        cpuMs: (used.user + used.system) / 1000,
        status: res.status,
        body: JSON.stringify(res.body),
      };
    };
    const known: number[] = [];
    const unknown: number[] = [];
    const bodies = new Set<string>();
    for (let i = 0; i < 7; i++) {
      const k = await attempt('office');
      const u = await attempt(`ghost${i}`);
      expect([k.status, u.status]).toEqual([401, 401]);
      bodies.add(k.body).add(u.body);
      known.push(k.cpuMs);
      unknown.push(u.cpuMs);
    }
    // One message for both, so the answer does not tell whether the account exists.
    expect(bodies.size).toBe(1);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // Both pay for a bcrypt comparison; without the dummy hash an unknown user costs ~50× less.
    expect(median(unknown)).toBeGreaterThan(median(known) / 4);
    expect(median(unknown)).toBeLessThan(median(known) * 4);
  });

  it('sends security headers on every answer, and no X-Powered-By', async () => {
    for (const res of [
      await fetch(`${stack.url}/api/health`),
      await fetch(`${stack.url}/api/me`),
      await fetch(`${stack.url}/api/docs`),
    ]) {
      const h = res.headers;
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(h.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(h.get('referrer-policy')).toBe('no-referrer');
      expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
      const csp = h.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(h.get('x-powered-by')).toBeNull();
    }
  });

  it('gives browsers from other origins no CORS permission by default', async () => {
    const preflight = await fetch(`${stack.url}/api/tasks/x/complete`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://intranet.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    const simple = await fetch(`${stack.url}/api/health`, {
      headers: { origin: 'http://intranet.example' },
    });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('sessions, rate limit and CORS (configured)', () => {
  let stack: TestStack;
  let api: ApiClient;
  let loginsSoFar = 0;
  const LIMIT = 5;

  beforeAll(async () => {
    stack = await startStack({
      JWT_EXPIRES_IN: '2s',
      LOGIN_RATE_LIMIT: String(LIMIT),
      CORS_ORIGINS: 'http://intranet.example, http://other.example',
    });
    api = new ApiClient(stack.url);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('honours the configured token lifetime', async () => {
    const loggedIn = Date.now();
    const token = await api.token('inspector');
    loginsSoFar += 1;
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as {
      iat: number;
      exp: number;
    };
    expect(claims.exp - claims.iat).toBe(2);
    expect((await api.get('/me', 'inspector')).status).toBe(200);
    await pollUntil(
      'the token to expire',
      async () => (await api.get('/me', 'inspector')).status === 401,
      10_000,
      200,
    );
    expect(Date.now() - loggedIn).toBeGreaterThanOrEqual(1000);
  });

  it('rate-limits logins per client, right password or not, and nothing else', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      const password = i % 2 === 0 ? 'wrong' : 'demo';
      statuses.push(
        (await api.post('/auth/login', undefined, { username: 'office', password })).status,
      );
    }
    const allowed = LIMIT - loginsSoFar;
    expect(statuses.slice(0, allowed).every((s) => s === 200 || s === 401)).toBe(true);
    expect(statuses.slice(allowed)).toEqual(Array(LIMIT + 2 - allowed).fill(429));
    // The right password is refused as well once the limit is reached.
    const blocked = await api.post('/auth/login', undefined, {
      username: 'committee',
      password: 'demo',
    });
    expect(blocked.status).toBe(429);
    expect((await api.get('/health')).status).toBe(200);
  });

  it('answers CORS for the configured origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.url}/api/tasks/x/complete`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,idempotency-key',
        },
      });
    const good = await preflight('http://intranet.example');
    expect(good.status).toBe(204);
    expect(good.headers.get('access-control-allow-origin')).toBe('http://intranet.example');
    expect(good.headers.get('access-control-allow-headers')).toMatch(/idempotency-key/i);
    expect(good.headers.get('access-control-allow-credentials')).toBeNull();
    expect(
      (await preflight('http://other.example')).headers.get('access-control-allow-origin'),
    ).toBe('http://other.example');
    const evil = await preflight('http://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await fetch(`${stack.url}/api/health`, {
      headers: { origin: 'http://evil.example' },
    });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });
});
