// The certificates of the cluster's mTLS, made with openssl at setup: one CA, a server
// certificate for the Temporal frontend, one for the traffic between Temporal's own services
// (internode), and a client certificate per kind of client (api, worker, cli, ui). Kept
// between runs (a restart keeps everything); rotation is documented in the README.
//
// Usage as a program: `node scripts/cluster/certificates.mjs <dir>` makes what is missing in
// <dir> (docker-compose.yml mounts such a folder) and prints it.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The name clients check the frontend's certificate against (TEMPORAL_TLS_SERVER_NAME). */
export const FRONTEND_SERVER_NAME = 'temporal-frontend';
export const INTERNODE_SERVER_NAME = 'temporal-internode';
export const CLIENTS = ['api', 'worker', 'cli', 'ui'];
// Names a frontend may be reached by: on one host, and as compose's service name.
const FRONTEND_SANS = [
  `DNS:${FRONTEND_SERVER_NAME}`,
  'DNS:temporal',
  'DNS:localhost',
  'IP:127.0.0.1',
];
const DAYS = 825; // the longest validity clients commonly accept for a leaf certificate

function openssl(args, cwd) {
  const res = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (res.error?.code === 'ENOENT')
    throw new Error(
      'openssl is not installed (apt-get install openssl): it makes the mTLS certificates',
    );
  if (res.status !== 0) throw new Error(`openssl ${args[0]} failed: ${res.stderr.trim()}`);
  return res.stdout;
}

/** Paths of a certificate and its key in `dir`. */
export function certPaths(dir, name) {
  return { cert: path.join(dir, `${name}.pem`), key: path.join(dir, `${name}.key`) };
}

/** P-256 keys: small and fast, and every TLS stack here (Go, rustls, nginx) takes them. */
const NEW_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function issue(dir, name, { cn, sans, usage }) {
  const { cert, key } = certPaths(dir, name);
  if (fs.existsSync(cert) && fs.existsSync(key)) return false;
  const csr = path.join(dir, `${name}.csr`);
  const ext = path.join(dir, `${name}.ext`);
  fs.writeFileSync(
    ext,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      `extendedKeyUsage=${usage}`,
      `subjectAltName=${sans.join(',')}`,
      '',
    ].join('\n'),
  );
  openssl(['req', ...NEW_KEY, '-keyout', key, '-out', csr, '-subj', `/O=rectiflow/CN=${cn}`]);
  openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    path.join(dir, 'ca.pem'),
    '-CAkey',
    path.join(dir, 'ca.key'),
    '-CAcreateserial',
    '-out',
    cert,
    '-days',
    String(DAYS),
    '-sha256',
    '-extfile',
    ext,
  ]);
  fs.rmSync(csr);
  fs.rmSync(ext);
  fs.chmodSync(key, 0o600);
  return true;
}

/**
 * Makes whatever is missing in `dir` and returns the paths. Existing files are kept, so a
 * restart keeps its certificates; delete a file (or the folder) to have it made again.
 */
export function ensureCertificates(dir, { log = () => undefined } = {}) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = certPaths(dir, 'ca');
  const made = [];
  if (!fs.existsSync(ca.cert) || !fs.existsSync(ca.key)) {
    openssl([
      'req',
      '-x509',
      ...NEW_KEY,
      '-keyout',
      ca.key,
      '-out',
      ca.cert,
      '-days',
      '3650',
      '-sha256',
      '-subj',
      '/O=rectiflow/CN=rectiflow cluster CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    fs.chmodSync(ca.key, 0o600);
    // A new CA invalidates every certificate it did not sign.
    for (const f of fs.readdirSync(dir)) {
      if (/\.(pem|key)$/.test(f) && !f.startsWith('ca.')) fs.rmSync(path.join(dir, f));
    }
    made.push('ca');
  }
  if (
    issue(dir, 'frontend', { cn: FRONTEND_SERVER_NAME, sans: FRONTEND_SANS, usage: 'serverAuth' })
  )
    made.push('frontend');
  if (
    issue(dir, 'internode', {
      cn: INTERNODE_SERVER_NAME,
      sans: [`DNS:${INTERNODE_SERVER_NAME}`, 'DNS:localhost', 'IP:127.0.0.1'],
      usage: 'serverAuth,clientAuth',
    })
  )
    made.push('internode');
  for (const client of CLIENTS) {
    if (
      issue(dir, client, {
        cn: `rectiflow-${client}`,
        sans: [`DNS:rectiflow-${client}`],
        usage: 'clientAuth',
      })
    )
      made.push(client);
  }
  if (made.length) log(`certificates made in ${dir}: ${made.join(', ')}`);
  // Services in containers run as other users and read these through a mount.
  for (const f of fs.readdirSync(dir))
    fs.chmodSync(path.join(dir, f), f.endsWith('.key') ? 0o640 : 0o644);
  const paths = {
    dir,
    ca: ca.cert,
    frontend: certPaths(dir, 'frontend'),
    internode: certPaths(dir, 'internode'),
  };
  for (const client of CLIENTS) paths[client] = certPaths(dir, client);
  return paths;
}

const isMain = (() => {
  try {
    return import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1] ?? '')).href;
  } catch {
    return false;
  }
})();

if (isMain) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: node scripts/cluster/certificates.mjs <folder>\n');
    process.exit(2);
  }
  try {
    ensureCertificates(path.resolve(dir), { log: (m) => process.stderr.write(`${m}\n`) });
    process.stdout.write(`${path.resolve(dir)}\n`);
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
