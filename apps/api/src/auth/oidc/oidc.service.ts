import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import * as bcrypt from 'bcryptjs';
import { DataSource } from 'typeorm';
import type { AppConfig, OidcConfig } from '@rectiflow/config';
import { UserEntity, writeTransaction } from '@rectiflow/persistence';
import { AuditService } from '../../audit/audit.service';
import { APP_CONFIG } from '../../config/config.module';
import { AuthService } from '../auth.service';
import { openIdClient } from './openid-client';
import type { Configuration } from 'openid-client';

/** The cookie that carries one sign-in's state, nonce and PKCE verifier to the callback. */
export const OIDC_COOKIE = 'rectiflow_oidc';
export const OIDC_COOKIE_PATH = '/api/auth/oidc';
const FLOW_MS = 10 * 60_000;

interface Flow {
  state: string;
  nonce: string;
  verifier: string;
  exp: number;
}

/** Why a single sign-on did not sign anybody in; the web app words each (`?sso_error=`). */
export type SsoError = 'unknown_user' | 'inactive_user' | 'pending_activation' | 'failed';

export type SsoOutcome = { token: string } | { error: SsoError };

/**
 * Single sign-on with OpenID Connect (OIDC_*): the authorization-code flow with PKCE, state and
 * nonce. The flow's secrets travel in a short-lived, signed, httpOnly cookie rather than in
 * this process, so any API replica can finish a sign-in another one started. The person is
 * matched to an active rectiflow user by OIDC_MATCH_CLAIM; roles stay in rectiflow.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('SingleSignOn');
  private readonly config: OidcConfig | null;
  private readonly cookieKey: Buffer;
  private discovered: Promise<Configuration> | null = null;

  constructor(
    @Inject(APP_CONFIG) appConfig: AppConfig,
    private readonly dataSource: DataSource,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {
    this.config = appConfig.oidc;
    // A key of its own, derived from the token secret: a flow cookie is never a bearer token.
    this.cookieKey = createHmac('sha256', appConfig.jwtSecret).update('oidc-flow-cookie').digest();
  }

  get settings(): OidcConfig | null {
    return this.config;
  }

  /** Where the web app is: PUBLIC_URL, or the API's own origin. */
  webUrl(path: string): string {
    return `${this.config?.webBase ?? ''}${path}`;
  }

  /** The provider's metadata, fetched once (again after a failure). */
  private configuration(): Promise<Configuration> {
    const config = this.config!;
    if (!this.discovered) {
      const client = openIdClient();
      this.discovered = client
        .discovery(
          new URL(config.issuer),
          config.clientId,
          config.clientSecret ?? undefined,
          config.clientSecret ? undefined : client.None(),
          // http:// only outside production (the configuration refuses it there).
          config.issuer.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : {},
        )
        .catch((err: unknown) => {
          this.discovered = null;
          throw err;
        });
    }
    return this.discovered;
  }

  /** The provider's authorization URL and the cookie that remembers this flow. */
  async start(): Promise<{ url: string; cookie: string }> {
    const client = openIdClient();
    const configuration = await this.configuration();
    const flow: Flow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      exp: Date.now() + FLOW_MS,
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config!.redirectUri,
      scope: 'openid profile email',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    return { url: url.href, cookie: this.seal(flow) };
  }

  /** Finishes a flow: the provider's answer (the callback's query) and this flow's cookie. */
  async finish(query: string, cookie: string | undefined): Promise<SsoOutcome> {
    const flow = cookie ? this.open(cookie) : null;
    if (!flow) return this.failed('no valid sign-in cookie (expired, or started elsewhere)');
    const client = openIdClient();
    let claims: Record<string, unknown>;
    try {
      const configuration = await this.configuration();
      const current = new URL(this.config!.redirectUri);
      current.search = query;
      const tokens = await client.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      claims = { ...(tokens.claims() ?? {}) };
      // Providers that keep the profile out of the ID token give it at the userinfo endpoint.
      const matchClaim = this.config!.matchClaim;
      if (typeof claims[matchClaim] !== 'string' && typeof claims.sub === 'string') {
        const info = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
        claims = { ...info, ...claims };
      }
    } catch (err) {
      return this.failed(String(err));
    }
    return this.signIn(claims);
  }

  private async signIn(claims: Record<string, unknown>): Promise<SsoOutcome> {
    const { matchClaim, createUsers } = this.config!;
    const raw = claims[matchClaim];
    if (typeof raw !== 'string' || !raw.trim()) {
      return this.failed(`the ID token carries no ${matchClaim}`);
    }
    if (matchClaim === 'email' && claims.email_verified === false) {
      return this.failed(`the provider has not verified ${raw}`);
    }
    // Usernames are stored canonical (NFKC, lower case); e-mails compared in lower case.
    const value = raw.normalize('NFKC').trim().toLowerCase();
    const users = this.dataSource.getRepository(UserEntity);
    const user =
      matchClaim === 'email'
        ? await users
            .createQueryBuilder('u')
            .where('LOWER(u.email) = :value', { value })
            .orderBy('u.createdAt', 'ASC')
            .getOne()
        : await users.findOneBy({ username: value });
    if (!user) {
      await this.refused(null, value, 'unknown_user');
      if (!createUsers) return { error: 'unknown_user' };
      await this.createPending(value, claims);
      return { error: 'pending_activation' };
    }
    if (!user.active) {
      await this.refused(user, value, 'inactive_user');
      return { error: 'inactive_user' };
    }
    const answer = await this.auth.signInVia(user, 'oidc');
    return { token: answer.accessToken };
  }

  /**
   * OIDC_CREATE_USERS: a person the provider knows but rectiflow does not becomes a user with
   * no roles, deactivated, which the office activates (and gives roles) like any other.
   */
  private async createPending(value: string, claims: Record<string, unknown>): Promise<void> {
    const email = typeof claims.email === 'string' ? claims.email : null;
    // The claim's value (a username, or an e-mail address) becomes the username.
    const username = value;
    const displayName = typeof claims.name === 'string' && claims.name ? claims.name : username;
    await writeTransaction(this.dataSource, async (em) => {
      const row: UserEntity = {
        id: randomUUID(),
        unitId: null,
        unitScope: [],
        username,
        displayName,
        passwordHash: await bcrypt.hash(randomUUID(), 10),
        roles: [],
        departmentId: null,
        email,
        createdAt: new Date().toISOString(),
        active: false,
        tokenGeneration: 0,
        failedLogins: 0,
        lockedUntil: null,
        mustChangePassword: false,
        authSource: 'local',
      };
      await em.getRepository(UserEntity).insert(row);
      await this.audit.recordIn(em, {
        actorId: null,
        action: 'user.created',
        entityType: 'user',
        entityId: row.id,
        unitId: null,
        data: { via: 'oidc', username, displayName, active: false, roles: [] },
      });
    });
  }

  private async refused(user: UserEntity | null, value: string, reason: SsoError): Promise<void> {
    await this.audit.record({
      actorId: user?.id ?? null,
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: user?.id ?? value,
      unitId: user?.unitId ?? null,
      data: { via: 'oidc', reason },
    });
  }

  private failed(why: string): SsoOutcome {
    this.logger.warn(`single sign-on failed: ${why}`);
    return { error: 'failed' };
  }

  private seal(flow: Flow): string {
    const body = Buffer.from(JSON.stringify(flow)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  private open(cookie: string): Flow | null {
    const [body, mac] = cookie.split('.');
    if (!body || !mac) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const flow = JSON.parse(Buffer.from(body, 'base64url').toString()) as Flow;
      return flow.exp > Date.now() ? flow : null;
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.cookieKey).update(body).digest('base64url');
  }
}
