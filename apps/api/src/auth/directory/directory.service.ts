import * as fs from 'node:fs';
import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { Client, EqualityFilter, InvalidCredentialsError, SizeLimitExceededError } from 'ldapts';
import type { AppConfig, DirectoryConfig } from '@rectiflow/config';
import type { UserEntity } from '@rectiflow/persistence';
import { APP_CONFIG } from '../../config/config.module';

/** 503 when the directory cannot answer (down, slow, refusing the service account). */
export class DirectoryUnavailableException extends HttpException {
  constructor(directory: string) {
    super(
      {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: 'directory_unavailable',
        message: `目录服务（${directory}）暂时无法连接，请稍后再试 / the directory (${directory}) cannot be reached now: retry later`,
      },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}

/** Checks a directory user's password against the directory (LDAP / Active Directory). */
export interface DirectoryAuthenticator {
  /**
   * Whether `password` is the directory password of the entry that belongs to `user`: false
   * for a wrong one or no (or no single) entry; DirectoryUnavailableException when the
   * directory cannot say (unreachable, timed out, off).
   */
  verify(user: Pick<UserEntity, 'username' | 'email'>, password: string): Promise<boolean>;
}

/**
 * LDAP_*: binds as the service account, finds the person's entry by LDAP_USERNAME_ATTRIBUTE =
 * the username (or LDAP_MATCH_ATTRIBUTE = their e-mail), then binds as that entry with the
 * password given. Each sign-in uses connections of its own, closed at once.
 */
@Injectable()
export class DirectoryService implements DirectoryAuthenticator {
  private readonly logger = new Logger('Directory');
  private readonly config: DirectoryConfig | null;
  private readonly ca: Buffer | null;

  constructor(@Inject(APP_CONFIG) appConfig: AppConfig) {
    this.config = appConfig.directory;
    this.ca = this.config?.tlsCaFile ? fs.readFileSync(this.config.tlsCaFile) : null;
  }

  get enabled(): boolean {
    return this.config !== null;
  }

  /** The directory as named to people: its URL without anything but scheme, host and port. */
  private get name(): string {
    if (!this.config) return 'LDAP';
    try {
      const url = new URL(this.config.url);
      return `${url.protocol}//${url.host}`;
    } catch {
      return 'LDAP';
    }
  }

  async verify(user: Pick<UserEntity, 'username' | 'email'>, password: string): Promise<boolean> {
    const config = this.config;
    if (!config) {
      this.logger.warn(`${user.username} signs in with the directory, but LDAP_URL is not set`);
      throw new DirectoryUnavailableException('LDAP（未配置 / not configured）');
    }
    // An empty password would be an "unauthenticated bind", which LDAP servers accept.
    if (!password) return false;
    const [attribute, value] = config.matchAttribute
      ? [config.matchAttribute, user.email]
      : [config.usernameAttribute, user.username];
    if (!value) return false;
    const dn = await this.withClient(async (client) => {
      if (config.bindDn) await client.bind(config.bindDn, config.bindPassword ?? '');
      const searchEntries = await client
        .search(config.searchBase, {
          scope: 'sub',
          filter: new EqualityFilter({ attribute, value }),
          attributes: ['dn'],
          sizeLimit: 2,
        })
        .then(
          (r) => r.searchEntries,
          (err: unknown) => {
            // More than two matched: not one person's entry.
            if (err instanceof SizeLimitExceededError) return [{}, {}, {}];
            throw err;
          },
        );
      if (searchEntries.length !== 1) {
        this.logger.warn(
          `${searchEntries.length} directory entries have ${attribute}=${value}: ${user.username} is refused`,
        );
        return null;
      }
      return (searchEntries[0] as { dn: string }).dn;
    });
    if (!dn) return false;
    return this.withClient(async (client) => {
      try {
        await client.bind(dn, password);
        return true;
      } catch (err) {
        if (err instanceof InvalidCredentialsError) return false;
        throw err;
      }
    });
  }

  private async withClient<T>(use: (client: Client) => Promise<T>): Promise<T> {
    const config = this.config!;
    const client = new Client({
      url: config.url,
      timeout: config.timeoutMs,
      connectTimeout: config.timeoutMs,
      ...(this.ca ? { tlsOptions: { ca: this.ca } } : {}),
    });
    try {
      return await use(client);
    } catch (err) {
      // The service account refused, a timeout, a refused connection: the directory cannot say.
      this.logger.error(`directory ${this.name}: ${String(err)}`);
      throw new DirectoryUnavailableException(this.name);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }
}
