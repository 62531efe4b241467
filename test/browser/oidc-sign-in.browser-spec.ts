import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AuditEventEntity, UserEntity } from '@rectiflow/persistence';
import { startApiServer, testConfig, type ApiServer } from '../support/api-server';
import { startStack, type TestStack } from '../support/stack';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { Browsers, LAPTOP, launchChromium } from './support/browser';

/**
 * Single sign-on (OpenID Connect) in Chromium against a real provider (oidc-provider with its
 * development login and consent pages, test/support/oidc-provider.mjs): the login page offers
 * 统一身份认证登录 only when it is configured; a person whose preferred_username is a rectiflow
 * user lands signed in on their inbox; one rectiflow does not know lands back on the login page
 * with a message; a callback without this browser's flow cookie signs nobody in.
 */
describe('single sign-on (OIDC) in the web app', () => {
  let stack: TestStack;
  /** A second API on the same provider: matched by e-mail, creating unknown people. */
  let byEmail: ApiServer;
  let byEmailDb: TestDatabase;
  let provider: ChildProcess;
  let issuer = '';
  let browser: Browser;
  let ui: Browsers;
  const contexts: BrowserContext[] = [];

  const freePort = () =>
    new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });

  beforeAll(async () => {
    // The API's port first: the provider registers its callback, the API names the provider.
    const port = await freePort();
    const apiUrl = `http://127.0.0.1:${port}`;
    const port2 = await freePort();
    const api2Url = `http://127.0.0.1:${port2}`;
    provider = spawn(process.execPath, [path.resolve(__dirname, '../support/oidc-provider.mjs')], {
      env: {
        ...process.env,
        PORT: '0',
        CLIENT_ID: 'rectiflow',
        REDIRECT_URI: [apiUrl, api2Url].map((u) => `${u}/api/auth/oidc/callback`).join(','),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stderr: string[] = [];
    provider.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
    issuer = await new Promise<string>((resolve, reject) => {
      let out = '';
      provider.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const line = /^\{.*\}$/m.exec(out);
        if (line) resolve((JSON.parse(line[0]) as { issuer: string }).issuer);
      });
      provider.once('exit', (code) =>
        reject(new Error(`the OIDC provider exited (${code}):\n${stderr.join('')}`)),
      );
    });
    stack = await startStack(
      {
        SERVE_WEB: 'true',
        PUBLIC_URL: apiUrl,
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: 'rectiflow',
      },
      { port },
    );
    byEmailDb = await createTestDatabase();
    byEmail = await startApiServer(
      testConfig(byEmailDb, {
        env: {
          SERVE_WEB: 'true',
          PUBLIC_URL: api2Url,
          OIDC_ISSUER: issuer,
          OIDC_CLIENT_ID: 'rectiflow',
          OIDC_MATCH_CLAIM: 'email',
          OIDC_CREATE_USERS: 'true',
          OIDC_BUTTON_LABEL: '政务统一身份认证',
        },
      }),
      port2,
    );
    browser = await launchChromium();
    ui = new Browsers(browser, stack.url);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await ui?.close();
    await browser?.close();
    await stack?.close();
    await byEmail?.app.close();
    await byEmailDb?.drop();
    provider?.kill('SIGTERM');
  });

  const freshPage = async (): Promise<Page> => {
    const context = await browser.newContext({
      reducedMotion: 'reduce',
      viewport: LAPTOP,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => ui.errors.push(`sso: ${e.message}`));
    return page;
  };

  /** The provider's own pages: any password; the login typed is the account. */
  const signInAtProvider = async (page: Page, login: string) => {
    await page.locator('[data-testid="sso-button"]').click();
    await page.waitForURL((url) => url.href.startsWith(issuer));
    // The provider's error page (a redirect_uri it does not know…) says what went wrong.
    await page
      .locator('input[name="login"]')
      .waitFor()
      .catch(async (e: unknown) => {
        throw new Error(`${String(e)}\n${page.url()}\n${await page.locator('body').innerText()}`);
      });
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any-password');
    await page.locator('button[type="submit"]').click();
    // Consent: the client asks for openid, profile and email.
    await page.locator('button[type="submit"]', { hasText: 'Continue' }).click();
  };

  it('offers single sign-on on the login page (desktop and phone)', async () => {
    const providers = await (await fetch(`${stack.url}/api/auth/providers`)).json();
    expect(providers).toEqual({ password: true, directory: false, oidc: { label: null } });
    const page = await freshPage();
    await page.goto(`${stack.url}/login`);
    await expect(page.locator('[data-testid="sso-button"]').innerText()).resolves.toContain(
      '统一身份认证登录',
    );
    await ui.screenshot(page, 'login-sso-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot(page, 'login-sso-phone');
    const box = await page.locator('[data-testid="sso-button"]').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  });

  it('signs a known person in through the provider and shows their inbox', async () => {
    const page = await freshPage();
    await page.goto(`${stack.url}/login`);
    await signInAtProvider(page, 'dept1');
    await page.locator('.app-header').waitFor();
    await page.locator('.inbox-table, .ant-empty').first().waitFor();
    // The token came in the fragment and left the address at once.
    expect(page.url()).toBe(`${stack.url}/`);
    const session = await page.evaluate<string | null>('localStorage.getItem("rectiflow.session")');
    expect(JSON.parse(session!).user.username).toBe('dept1');
    const login = await stack.dataSource
      .getRepository(AuditEventEntity)
      .findOne({ where: { action: 'auth.login' }, order: { seq: 'DESC' } });
    expect(JSON.parse(login!.data)).toEqual({ via: 'oidc' });
    await ui.screenshot(page, 'login-sso-signed-in');
  });

  it('sends a person rectiflow does not know back to the login page with a message', async () => {
    const page = await freshPage();
    await page.goto(`${stack.url}/login`);
    await signInAtProvider(page, 'stranger');
    await page.waitForURL(`${stack.url}/login?sso_error=unknown_user`);
    await expect(page.locator('[data-testid="sso-error"]').innerText()).resolves.toContain(
      '本系统中没有与您对应的账号',
    );
    expect(
      await page.evaluate<string | null>('localStorage.getItem("rectiflow.session")'),
    ).toBeNull();
    await ui.screenshot(page, 'login-sso-unknown-user');
  });

  it('refuses a deactivated user, saying so', async () => {
    const users = stack.dataSource.getRepository(UserEntity);
    await users.update({ username: 'dept2' }, { active: false });
    try {
      const page = await freshPage();
      await page.goto(`${stack.url}/login`);
      await signInAtProvider(page, 'dept2');
      await page.waitForURL(`${stack.url}/login?sso_error=inactive_user`);
      await expect(page.locator('[data-testid="sso-error"]').innerText()).resolves.toContain(
        '账号已停用',
      );
      const refused = await stack.dataSource
        .getRepository(AuditEventEntity)
        .findOne({ where: { action: 'auth.login_failed' }, order: { seq: 'DESC' } });
      expect(JSON.parse(refused!.data)).toEqual({ via: 'oidc', reason: 'inactive_user' });
    } finally {
      await users.update({ username: 'dept2' }, { active: true });
    }
  });

  it('matches by e-mail where so configured, and registers an unknown person for activation', async () => {
    const users = byEmail.dataSource.getRepository(UserEntity);
    // The provider's e-mail for login `ops` is ops@example.org: dept3's here.
    await users.update({ username: 'dept3' }, { email: 'OPS@example.org' });
    const page = await freshPage();
    await page.goto(`${byEmail.url}/login`);
    await expect(page.locator('[data-testid="sso-button"]').innerText()).resolves.toContain(
      '政务统一身份认证',
    );
    await signInAtProvider(page, 'ops');
    await page.locator('.app-header').waitFor();
    const session = await page.evaluate<string | null>('localStorage.getItem("rectiflow.session")');
    expect(JSON.parse(session!).user.username).toBe('dept3');

    const other = await freshPage();
    await other.goto(`${byEmail.url}/login`);
    await signInAtProvider(other, 'newcomer');
    await other.waitForURL(`${byEmail.url}/login?sso_error=pending_activation`);
    await expect(other.locator('[data-testid="sso-error"]').innerText()).resolves.toContain(
      '待管理员启用',
    );
    const created = await users.findOneByOrFail({ username: 'newcomer@example.org' });
    expect(created).toMatchObject({
      active: false,
      roles: [],
      email: 'newcomer@example.org',
      displayName: 'SSO newcomer',
    });
    const audit = await byEmail.dataSource
      .getRepository(AuditEventEntity)
      .findOne({ where: { action: 'user.created', entityId: created.id } });
    expect(JSON.parse(audit!.data)).toMatchObject({ via: 'oidc', active: false });
    // Until the office activates them, a second try is refused as inactive.
    const again = await freshPage();
    await again.goto(`${byEmail.url}/login`);
    await signInAtProvider(again, 'newcomer');
    await again.waitForURL(`${byEmail.url}/login?sso_error=inactive_user`);
  });

  it('signs nobody in from a callback without this browser’s flow cookie', async () => {
    const res = await fetch(`${stack.url}/api/auth/oidc/callback?code=stolen&state=guessed`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${stack.url}/login?sso_error=failed`);
    const start = await fetch(`${stack.url}/api/auth/oidc/start`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const to = new URL(start.headers.get('location')!);
    expect(to.origin).toBe(issuer);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('state')).toBeTruthy();
    expect(to.searchParams.get('nonce')).toBeTruthy();
    expect(start.headers.get('set-cookie')).toMatch(/rectiflow_oidc=.*HttpOnly/i);
  });

  it('had no page errors', () => {
    expect(ui.errors).toEqual([]);
  });
});
