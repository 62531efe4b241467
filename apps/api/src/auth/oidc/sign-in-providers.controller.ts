import { Controller, Get, HttpCode, Inject, Logger, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AppConfig } from '@rectiflow/config';
import type { SignInProviders } from '@rectiflow/contracts';
import { APP_CONFIG } from '../../config/config.module';
import { ApiRedirect, ApiRoute } from '../../openapi/api-route.decorator';
import { Public } from '../auth.decorators';
import { OIDC_COOKIE, OIDC_COOKIE_PATH, OidcService } from './oidc.service';

/** The ways to sign in, and single sign-on's two steps (OpenID Connect). */
@ApiTags('auth')
@Controller('auth')
export class SignInProvidersController {
  private readonly logger = new Logger('SingleSignOn');
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly oidc: OidcService,
  ) {}

  @Public()
  @Get('providers')
  @ApiRoute({
    summary: 'The ways to sign in here: password, directory (LDAP), single sign-on (OIDC)',
    answer: 'SignInProviders',
  })
  providers(): SignInProviders {
    return {
      password: true,
      directory: this.config.directory !== null,
      oidc: this.config.oidc ? { label: this.config.oidc.buttonLabel } : null,
    };
  }

  @Public()
  @Get('oidc/start')
  @HttpCode(302)
  @ApiRedirect({
    summary:
      'Starts single sign-on: redirects to the identity provider (with PKCE, state and nonce kept in a short-lived signed cookie)',
    redirect:
      'To the provider’s authorization page; to the web app’s `/login?sso_error=unavailable` when single sign-on is off or the provider cannot be reached',
  })
  async start(@Res() res: Response): Promise<void> {
    if (!this.oidc.settings) {
      res.redirect(302, this.oidc.webUrl('/login?sso_error=unavailable'));
      return;
    }
    let started: { url: string; cookie: string };
    try {
      started = await this.oidc.start();
    } catch (err) {
      this.logger.error(`single sign-on cannot start: ${String(err)}`);
      res.redirect(302, this.oidc.webUrl('/login?sso_error=unavailable'));
      return;
    }
    res.cookie(OIDC_COOKIE, started.cookie, {
      httpOnly: true,
      // Lax: sent on the provider's top-level redirect back to the callback.
      sameSite: 'lax',
      secure: this.oidc.settings.redirectUri.startsWith('https:'),
      path: OIDC_COOKIE_PATH,
      maxAge: 10 * 60_000,
    });
    res.redirect(302, started.url);
  }

  @Public()
  @Get('oidc/callback')
  @HttpCode(302)
  @ApiRedirect({
    summary:
      'Finishes single sign-on: the provider redirects here; signs the matched active user in',
    redirect:
      'To the web app’s `/login/sso#token=…` (the token in the fragment, never in a query), or to `/login?sso_error=unknown_user|inactive_user|pending_activation|failed|unavailable`',
  })
  async callback(
    @Req() req: Request,
    // The whole query (code and state, or the provider's error) goes to openid-client as it came.
    @Res() res: Response,
  ): Promise<void> {
    res.clearCookie(OIDC_COOKIE, { path: OIDC_COOKIE_PATH });
    if (!this.oidc.settings) {
      res.redirect(302, this.oidc.webUrl('/login?sso_error=unavailable'));
      return;
    }
    const query = req.originalUrl.includes('?') ? req.originalUrl.split('?')[1]! : '';
    const outcome = await this.oidc.finish(query, readCookie(req, OIDC_COOKIE));
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(
      302,
      'token' in outcome
        ? this.oidc.webUrl(`/login/sso#token=${encodeURIComponent(outcome.token)}`)
        : this.oidc.webUrl(`/login?sso_error=${outcome.error}`),
    );
  }
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
