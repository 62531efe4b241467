// Types of temporal-dev-server.cjs, for the TypeScript that starts servers with it (the jest
// global setup and test/support/temporal-dev-server.ts).
import type { ChildProcess } from 'node:child_process';

export interface TemporalDevServerOptions {
  /** Absolute path of the Temporal CLI (scripts/temporal-cli.mjs finds or builds it). */
  cliPath: string;
  /** gRPC port; a free one when omitted. */
  port?: number;
  /** Web UI port; no UI (`--headless`) when null or omitted. */
  uiPort?: number | null;
  /** SQLite file to persist to; in memory when omitted. */
  dbFile?: string;
  namespace?: string;
  /** Receives our messages and the server's output lines. */
  log?: (line: string) => void;
  readyTimeoutMs?: number;
  /** e.g. ['--dynamic-config-value', 'K=V'] */
  extraArgs?: string[];
  /** false: the server does not keep the event loop alive (it still stops when we exit). */
  keepAlive?: boolean;
}

export interface TemporalDevServer {
  /** host:port of its gRPC frontend. */
  address: string;
  port: number;
  uiPort: number | null;
  httpPort: number;
  stop(): Promise<void>;
  /** The guardian process the server runs under. */
  process: ChildProcess;
}

export function canConnect(port: number, host?: string, timeoutMs?: number): Promise<boolean>;
export function freePort(): Promise<number>;
export function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalDevServer>;
