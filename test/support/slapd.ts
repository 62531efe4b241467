import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** Debian's OpenLDAP server and client tools (`apt-get install slapd ldap-utils`; .ci/run does). */
export const SLAPD_PATH = '/usr/sbin/slapd';
export const LDAPADD_PATH = '/usr/bin/ldapadd';
const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIR = '/usr/lib/ldap';

export interface DirectoryPerson {
  uid: string;
  password: string;
  mail?: string;
  /** The common name; the uid when not given. */
  cn?: string;
}

export interface SlapdOptions {
  suffix?: string;
  people: DirectoryPerson[];
}

/**
 * A real OpenLDAP server of a test's own: a throw-away slapd.conf and mdb database in a temp
 * folder, listening on a free loopback port, with an admin (the service account the API binds
 * as) and `people` under ou=people loaded with ldapadd. stop() and start() again keep the data
 * and the port, so a test can take the directory away and bring it back.
 */
export class Slapd {
  private process: ChildProcess | null = null;

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly suffix: string,
  ) {}

  get url(): string {
    return `ldap://127.0.0.1:${this.port}`;
  }
  get adminDn(): string {
    return `cn=admin,${this.suffix}`;
  }
  readonly adminPassword = 'slapd-test-admin';
  get peopleBase(): string {
    return `ou=people,${this.suffix}`;
  }
  dnOf(uid: string): string {
    return `uid=${uid},${this.peopleBase}`;
  }

  static async start(options: SlapdOptions): Promise<Slapd> {
    for (const tool of [SLAPD_PATH, LDAPADD_PATH]) {
      if (!fs.existsSync(tool)) {
        throw new Error(
          `${tool} is missing: apt-get install -y slapd ldap-utils (.ci/run does this)`,
        );
      }
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectiflow-slapd-'));
    const server = new Slapd(dir, await freePort(), options.suffix ?? 'dc=example,dc=org');
    try {
      server.writeConfig();
      await server.launch();
      server.load(options.people);
      return server;
    } catch (err) {
      await server.close();
      throw err;
    }
  }

  private writeConfig(): void {
    fs.mkdirSync(path.join(this.dir, 'db'));
    const conf = [
      `include ${SCHEMA_DIR}/core.schema`,
      `include ${SCHEMA_DIR}/cosine.schema`,
      `include ${SCHEMA_DIR}/nis.schema`,
      `include ${SCHEMA_DIR}/inetorgperson.schema`,
      `pidfile ${path.join(this.dir, 'slapd.pid')}`,
      `modulepath ${MODULE_DIR}`,
      'moduleload back_mdb',
      'database mdb',
      'maxsize 10485760',
      `suffix "${this.suffix}"`,
      `rootdn "${this.adminDn}"`,
      `rootpw ${this.adminPassword}`,
      `directory ${path.join(this.dir, 'db')}`,
      // Anyone may bind (authenticate); only the service account reads entries.
      'access to attrs=userPassword by anonymous auth by * none',
      `access to * by dn.exact="${this.adminDn}" read by * none`,
      '',
    ].join('\n');
    fs.writeFileSync(path.join(this.dir, 'slapd.conf'), conf);
  }

  private async launch(): Promise<void> {
    const log: string[] = [];
    const child = spawn(
      SLAPD_PATH,
      ['-f', path.join(this.dir, 'slapd.conf'), '-h', `${this.url}/`, '-d', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (d: Buffer) => log.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => log.push(d.toString()));
    let exited = false;
    child.on('exit', () => (exited = true));
    this.process = child;
    const deadline = Date.now() + 15_000;
    while (!(await canConnect(this.port))) {
      if (exited) throw new Error(`slapd exited at start:\n${log.join('')}`);
      if (Date.now() > deadline)
        throw new Error(`slapd did not listen on ${this.url}:\n${log.join('')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private load(people: DirectoryPerson[]): void {
    const dc = /^dc=([^,]+)/.exec(this.suffix)?.[1] ?? 'example';
    const entries = [
      `dn: ${this.suffix}\nobjectClass: dcObject\nobjectClass: organization\ndc: ${dc}\no: ${dc}`,
      `dn: ${this.peopleBase}\nobjectClass: organizationalUnit\nou: people`,
      ...people.map((p) =>
        [
          `dn: ${this.dnOf(p.uid)}`,
          'objectClass: inetOrgPerson',
          `uid: ${p.uid}`,
          `cn: ${p.cn ?? p.uid}`,
          `sn: ${p.uid}`,
          ...(p.mail ? [`mail: ${p.mail}`] : []),
          `userPassword: ${p.password}`,
        ].join('\n'),
      ),
    ];
    const added = spawnSync(
      LDAPADD_PATH,
      ['-x', '-H', this.url, '-D', this.adminDn, '-w', this.adminPassword],
      { input: entries.join('\n\n') + '\n', encoding: 'utf8' },
    );
    if (added.status !== 0) {
      throw new Error(`ldapadd failed (${added.status}):\n${added.stdout}\n${added.stderr}`);
    }
  }

  /** Stops the server (its data stays for start()). */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  /** Starts it again on its port and data after stop(). */
  async restart(): Promise<void> {
    if (this.process) throw new Error('slapd is still running; stop() it first');
    await this.launch();
  }

  /** Freezes it (SIGSTOP): connections open but nothing is answered, as on a hung server. */
  freeze(): void {
    this.process?.kill('SIGSTOP');
  }
  thaw(): void {
    this.process?.kill('SIGCONT');
  }

  /** Stops it and removes its folder. */
  async close(): Promise<void> {
    this.thaw();
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
