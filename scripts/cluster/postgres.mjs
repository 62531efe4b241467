// PostgreSQL for the cluster: the databases it needs on a given server, and a private server
// of our own (initdb + pg_ctl from Debian's packages) for tests that restart PostgreSQL
// without touching the machine's shared one.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** Temporal's two databases and the read model's, as the cluster names them. */
export const CLUSTER_DATABASES = {
  temporal: 'temporal',
  visibility: 'temporal_visibility',
  readModel: 'rectiflow',
};

/** The server part of a postgres:// URL (the maintenance database `postgres`). */
export function serverUrl(url) {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

export function databaseUrl(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** host, port, user, password of a postgres:// URL, as temporal-sql-tool and the config take them. */
export function connectionParts(url) {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password || ''),
  };
}

/** Creates each database that does not exist yet; returns the ones it created. */
export async function ensureDatabases(url, names) {
  const client = new pg.Client({ connectionString: serverUrl(url), connectionTimeoutMillis: 5000 });
  await client.connect();
  const created = [];
  try {
    for (const name of names) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
        name,
      ]);
      if (rowCount) continue;
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
        created.push(name);
      } catch (e) {
        if (e.code !== '42P04') throw e; // created by someone else meanwhile
      }
    }
  } finally {
    await client.end();
  }
  return created;
}

/** Waits until the server accepts connections (a restart, a fresh start). */
export async function waitForPostgres(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({
      connectionString: serverUrl(url),
      connectionTimeoutMillis: 2000,
    });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (e) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`PostgreSQL at ${new URL(url).host} did not answer: ${e.message}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Debian installs each major version's programs under /usr/lib/postgresql/<major>/bin. */
export function findPostgresBin() {
  const root = '/usr/lib/postgresql';
  const majors = fs.existsSync(root)
    ? fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'bin', 'pg_ctl')))
    : [];
  majors.sort((a, b) => Number(b) - Number(a));
  if (!majors.length)
    throw new Error(
      'no PostgreSQL server programs in /usr/lib/postgresql/*/bin (apt-get install postgresql)',
    );
  return path.join(root, majors[0], 'bin');
}

/**
 * A PostgreSQL server of our own in `dir` on `port` (trust auth, loopback only). initdb and
 * the server refuse to run as root, so as root they run as the `postgres` user.
 */
export class PrivatePostgres {
  constructor(dir, port) {
    this.dir = dir;
    this.port = port;
    this.bin = findPostgresBin();
    this.dataDir = path.join(dir, 'pgdata');
    this.logFile = path.join(dir, 'postgres.log');
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  asOwner(cmd, args) {
    const program = path.join(this.bin, cmd);
    const asRoot = process.getuid?.() === 0;
    const res = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', program, ...args], { encoding: 'utf8' })
      : spawnSync(program, args, { encoding: 'utf8' });
    if (res.status !== 0)
      throw new Error(`${cmd} ${args.join(' ')} failed: ${(res.stderr || res.stdout).trim()}`);
    return res.stdout;
  }

  /** initdb once (the folder is kept between starts). */
  init() {
    fs.mkdirSync(this.dir, { recursive: true });
    if (process.getuid?.() === 0) spawnSync('chown', ['postgres:postgres', this.dir]);
    if (fs.existsSync(path.join(this.dataDir, 'PG_VERSION'))) return;
    this.asOwner('initdb', [
      '-D',
      this.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
  }

  /** Options chosen for a test server: loopback only, room for every process's pool, no fsync. */
  start({ fsync = false } = {}) {
    const opts = [
      `-p ${this.port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${this.dir}`,
      '-c max_connections=300',
      `-c fsync=${fsync ? 'on' : 'off'}`,
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ');
    this.asOwner('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      this.logFile,
      '-o',
      opts,
      '-w',
      '-t',
      '60',
      'start',
    ]);
  }

  /** `fast` (clean) or `immediate` (like a crash: recovery at the next start). */
  stop(mode = 'fast') {
    this.asOwner('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  isRunning() {
    try {
      this.asOwner('pg_ctl', ['-D', this.dataDir, 'status']);
      return true;
    } catch {
      return false;
    }
  }

  remove() {
    if (this.isRunning()) this.stop('immediate');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A temp folder a PostgreSQL server run as `postgres` may use. */
export function privatePostgresDir(prefix = 'rectiflow-pg-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return dir;
}

/** Runs pg_dump/pg_restore/psql from the same bin folder as the server (versions agree). */
export function pgTool(tool, args, { input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(findPostgresBin(), tool), args, {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`${tool} ${args.join(' ')}: ${stderr.trim()}`)),
    );
    child.stdin.end(input);
  });
}
