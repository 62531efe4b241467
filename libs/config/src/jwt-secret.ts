import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from './config-error';

/**
 * Secrets that were once published in this repository (as a default or an example). They are
 * refused everywhere, in development too: anyone can sign tokens with them.
 */
export const PUBLISHED_JWT_SECRETS: readonly string[] = ['rectiflow-dev-secret-change-me'];

/** The file under DATA_DIR holding the embedded default's generated secret. */
export const JWT_SECRET_FILE = 'jwt-secret';

/** Whether a configured secret must be refused (a published one). */
export function isPublishedJwtSecret(secret: string): boolean {
  return PUBLISHED_JWT_SECRETS.includes(secret.trim());
}

const made = new Map<string, string>();

/**
 * The signing secret when JWT_SECRET is not set (never in production, which refuses that):
 * 32 random bytes made on first start and kept in `DATA_DIR/jwt-secret` with mode 0600, so
 * tokens outlive a restart and every process on the same DATA_DIR signs alike. Created with
 * a hard link from a private temporary file, so two processes starting together agree on one.
 */
export function generatedJwtSecret(dataDir: string): string {
  const file = path.join(dataDir, JWT_SECRET_FILE);
  const known = made.get(file);
  if (known) return known;
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) {
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  // Someone widened it: a secret readable by others is narrowed back before use.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 32 || isPublishedJwtSecret(secret)) {
    throw new ConfigError(
      `Invalid configuration:\n  - ${file} does not hold a usable secret: remove it to have a new one made`,
    );
  }
  made.set(file, secret);
  return secret;
}
