// The cluster's reverse proxy: Debian's nginx (installed with apt-get when absent) serving the
// built web app and passing /api to the API replicas. A replica that refuses connections is
// skipped for the next (nginx does that even for POST, as nothing was sent); a request that
// was in flight on a replica that died gets a 502 and the client retries it with the same
// Idempotency-Key, which the API answers once.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../go-build-cache.mjs';

/** The nginx binary; installs Debian's package first when missing and we may (root, apt-get). */
export function ensureNginx({ log = () => undefined } = {}) {
  const found =
    findOnPath('nginx') ?? (fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : null);
  if (found) return found;
  const asRoot = process.getuid?.() === 0;
  if (!findOnPath('apt-get'))
    throw new Error(
      'nginx is not installed and there is no apt-get: install nginx (the reverse proxy of the cluster)',
    );
  log("nginx is not installed; installing Debian's package (apt-get install nginx)…");
  const apt = (args) => {
    const cmd = asRoot ? 'apt-get' : 'sudo';
    const full = asRoot ? args : ['apt-get', ...args];
    const res = spawnSync(cmd, full, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (res.status !== 0)
      throw new Error(
        `apt-get ${args.join(' ')} failed: install nginx yourself (apt-get install nginx)`,
      );
  };
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', 'nginx']);
  // Debian's package starts its own nginx on port 80; ours runs with its own configuration.
  spawnSync(
    'sh',
    ['-c', 'command -v systemctl >/dev/null && systemctl disable --now nginx; service nginx stop'],
    { stdio: 'ignore' },
  );
  return findOnPath('nginx') ?? '/usr/sbin/nginx';
}

/**
 * Writes <dir>/nginx.conf and returns the arguments that run nginx in the foreground on it.
 * @param {{ dir: string, port: number, host?: string, webRoot: string, apiPorts: number[],
 *   maxBodyBytes: number, showUpstream?: boolean }} o  showUpstream: answers name the replica
 *   that served them (X-Upstream header), for tests; off in real use (it shows internal addresses)
 */
export function writeNginxConfig({
  dir,
  port,
  host = '127.0.0.1',
  webRoot,
  apiPorts,
  maxBodyBytes,
  showUpstream = false,
}) {
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  // As root, nginx's workers run as nobody: their temp folders must be theirs.
  const user = process.getuid?.() === 0 ? 'user nobody nogroup;' : '';
  if (user) spawnSync('chown', ['-R', 'nobody:nogroup', tmp]);
  const mime = fs.existsSync('/etc/nginx/mime.types') ? 'include /etc/nginx/mime.types;' : '';
  const conf = `# Written by scripts/cluster/nginx.mjs; changes are overwritten at the next start.
${user}
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 2048; }
http {
  ${mime}
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  server_tokens off;
  client_body_temp_path ${tmp}/body;
  proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi;
  scgi_temp_path ${tmp}/scgi;
  # Above the API's own upload limit, so the API answers 413 itself (with its JSON error).
  client_max_body_size ${maxBodyBytes + 1024 * 1024};

  upstream rectiflow_api {
${apiPorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n')}
    keepalive 32;
  }

  server {
    listen ${host}:${port};
    root ${webRoot};

    location /api/ {
      proxy_pass http://rectiflow_api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # A refused connection or a reset before any answer goes to the other replica.
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
      proxy_read_timeout 120s;${showUpstream ? '\n      add_header X-Upstream $upstream_addr always;' : ''}
    }

    # Hashed file names: cache for good. The build writes a .gz beside each bundle: sent as it
    # is to a browser that accepts gzip (Vary: Accept-Encoding), never compressed per request.
    location /assets/ {
      gzip_static on;
      gzip_vary on;
      add_header Cache-Control "public, max-age=31536000, immutable";
      try_files $uri =404;
    }

    # The single-page app: every other path is index.html.
    location / {
      add_header Cache-Control "no-cache";
      try_files $uri /index.html;
    }
  }
}
`;
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, conf);
  return ['-p', dir, '-c', file, '-g', 'daemon off;'];
}
