import * as fs from 'node:fs';
import type { EnvironmentVariables } from './app-config';
import { ConfigError } from './config-error';

/** The PEM files of an mTLS connection to the Temporal frontend. */
export interface TemporalTlsFiles {
  ca: string | null;
  cert: string | null;
  key: string | null;
  serverName: string | null;
}

/**
 * The TLS options `@temporalio/client`'s Connection and `@temporalio/worker`'s
 * NativeConnection both take (the SDK's TLSConfig, spelled out so this pure lib does not
 * depend on the SDK).
 */
export interface TemporalTlsOptions {
  serverNameOverride?: string;
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
}

/** Null when no TLS variable is set; refuses half a client pair, naming what is missing. */
export function temporalTlsFiles(env: EnvironmentVariables): TemporalTlsFiles | null {
  const { TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY, TEMPORAL_TLS_SERVER_NAME } = env;
  if (!TEMPORAL_TLS_CA && !TEMPORAL_TLS_CERT && !TEMPORAL_TLS_KEY && !TEMPORAL_TLS_SERVER_NAME)
    return null;
  if (Boolean(TEMPORAL_TLS_CERT) !== Boolean(TEMPORAL_TLS_KEY)) {
    throw new ConfigError(
      `Invalid configuration:\n  - ${TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT'} must be set with ${TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_CERT' : 'TEMPORAL_TLS_KEY'}`,
    );
  }
  return {
    ca: TEMPORAL_TLS_CA ?? null,
    cert: TEMPORAL_TLS_CERT ?? null,
    key: TEMPORAL_TLS_KEY ?? null,
    serverName: TEMPORAL_TLS_SERVER_NAME ?? null,
  };
}

/**
 * Reads the files (at boot: a rotated certificate takes effect at the next start). False
 * means a plain connection. A file that cannot be read stops the process naming it.
 */
export function temporalTlsOptions(files: TemporalTlsFiles | null): TemporalTlsOptions | false {
  if (!files) return false;
  const read = (name: string, file: string) => {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      throw new ConfigError(`${name}=${file} cannot be read: ${(err as Error).message}`);
    }
  };
  return {
    ...(files.serverName ? { serverNameOverride: files.serverName } : {}),
    ...(files.ca ? { serverRootCACertificate: read('TEMPORAL_TLS_CA', files.ca) } : {}),
    ...(files.cert && files.key
      ? {
          clientCertPair: {
            crt: read('TEMPORAL_TLS_CERT', files.cert),
            key: read('TEMPORAL_TLS_KEY', files.key),
          },
        }
      : {}),
  };
}
