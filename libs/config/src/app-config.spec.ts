import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from './app-config';
import { PUBLISHED_JWT_SECRETS } from './jwt-secret';

describe('loadConfig', () => {
  it('turns the documented defaults into milliseconds', () => {
    const c = loadConfig({});
    expect(c.timing).toEqual({
      warnBeforeMs: 10 * 86_400_000,
      escalateAfterMs: 0,
      escalationIntervalMs: 7 * 86_400_000,
      stepDueMs: 15 * 86_400_000,
      stageReportEveryMs: 30 * 86_400_000,
      lookBackAfterMs: 180 * 86_400_000,
    });
    expect(c.seedDemo).toBe(false);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'x', WARN_BEFORE: 'soon', DATABASE_URL: 'mysql://x' })).toThrow(
      /PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/,
    );
    expect(() => loadConfig({ WARN_BEFORE: 'soon' })).toThrow(/WARN_BEFORE/);
  });

  it('refuses zero for periods and step durations', () => {
    expect(() => loadConfig({ STEP_DUE: '0s' })).toThrow(/STEP_DUE must be longer than 0/);
    expect(() => loadConfig({ STAGE_REPORT_EVERY: '0d' })).toThrow(ConfigError);
    expect(loadConfig({ ESCALATE_AFTER: '0s' }).timing.escalateAfterMs).toBe(0);
  });

  it('takes the scorecard weights over their defaults, and refuses bad ones', () => {
    expect(loadConfig({}).scorecardWeights.base).toBe(60);
    const c = loadConfig({ SCORECARD_WEIGHTS: '{"openOrder":4,"base":50}' });
    expect(c.scorecardWeights).toMatchObject({ openOrder: 4, base: 50, onTime: 40 });
    expect(() => loadConfig({ SCORECARD_WEIGHTS: '{"bonus":1}' })).toThrow(
      /SCORECARD_WEIGHTS has an unknown weight bonus/,
    );
    expect(() => loadConfig({ SCORECARD_WEIGHTS: 'sixty' })).toThrow(ConfigError);
  });

  it('seeds the demo organisation in the embedded default only', () => {
    expect(loadConfig({ RECTIFLOW_EMBEDDED: '1' }).seedDemo).toBe(true);
    expect(loadConfig({ RECTIFLOW_EMBEDDED: '1', SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('refuses production with the default secret or demo seeding', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: 'a-real-secret-of-enough-length',
        SEED_DEMO: 'true',
      }),
    ).toThrow(/SEED_DEMO/);
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-real-secret-of-enough-length' })
        .production,
    ).toBe(true);
  });

  it('refuses a published secret in every mode', () => {
    for (const secret of PUBLISHED_JWT_SECRETS) {
      for (const NODE_ENV of ['production', 'development', 'test']) {
        expect(() => loadConfig({ NODE_ENV, JWT_SECRET: secret })).toThrow(/published secret/);
      }
    }
  });

  it('makes a random secret under DATA_DIR (mode 0600) when none is set, and keeps it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectiflow-secret-'));
    const dataDir = path.join(dir, 'data');
    try {
      const config = loadConfig({ DATA_DIR: dataDir });
      expect(fs.existsSync(path.join(dataDir, 'jwt-secret'))).toBe(false);
      const secret = config.jwtSecret;
      expect(secret.length).toBeGreaterThanOrEqual(32);
      expect(PUBLISHED_JWT_SECRETS).not.toContain(secret);
      const file = path.join(dataDir, 'jwt-secret');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(file, 'utf8').trim()).toBe(secret);
      // Another directory gets another secret; the same directory the same one.
      const other = loadConfig({ DATA_DIR: path.join(dir, 'other') }).jwtSecret;
      expect(other).not.toBe(secret);
      expect(loadConfig({ DATA_DIR: dataDir }).jwtSecret).toBe(secret);
      expect(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(20) }).jwtSecret).toBe(
        'x'.repeat(20),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('production settings', () => {
  it('connects to Temporal in plain text unless TLS files are named', () => {
    expect(loadConfig({}).temporalTls).toBeNull();
    expect(
      loadConfig({
        TEMPORAL_TLS_CA: '/certs/ca.pem',
        TEMPORAL_TLS_CERT: '/certs/api.pem',
        TEMPORAL_TLS_KEY: '/certs/api.key',
        TEMPORAL_TLS_SERVER_NAME: 'temporal-frontend',
      }).temporalTls,
    ).toEqual({
      ca: '/certs/ca.pem',
      cert: '/certs/api.pem',
      key: '/certs/api.key',
      serverName: 'temporal-frontend',
    });
  });

  it('refuses half a client certificate, naming the missing half', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CERT: '/certs/api.pem' })).toThrow(
      /TEMPORAL_TLS_KEY must be set with TEMPORAL_TLS_CERT/,
    );
    expect(() => loadConfig({ TEMPORAL_TLS_KEY: '/certs/api.key' })).toThrow(/TEMPORAL_TLS_CERT/);
  });

  it('keeps evidence in DATA_DIR/evidence unless told otherwise', () => {
    expect(loadConfig({ DATA_DIR: '/srv/rectiflow' }).evidence).toEqual({
      kind: 'local',
      dir: '/srv/rectiflow/evidence',
    });
    expect(loadConfig({ EVIDENCE_DIR: '/mnt/shared' }).evidence).toEqual({
      kind: 'local',
      dir: '/mnt/shared',
    });
  });

  it('takes an S3 bucket for evidence, and refuses s3 without one', () => {
    expect(() => loadConfig({ EVIDENCE_STORE: 's3' })).toThrow(/EVIDENCE_S3_BUCKET/);
    expect(() => loadConfig({ EVIDENCE_STORE: 'nfs' })).toThrow(/EVIDENCE_STORE/);
    expect(
      loadConfig({
        EVIDENCE_STORE: 's3',
        EVIDENCE_S3_BUCKET: 'evidence',
        EVIDENCE_S3_ENDPOINT: 'http://127.0.0.1:9000',
        EVIDENCE_S3_FORCE_PATH_STYLE: 'false',
      }).evidence,
    ).toEqual({
      kind: 's3',
      bucket: 'evidence',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      prefix: 'evidence/',
      forcePathStyle: false,
    });
    expect(() => loadConfig({ EVIDENCE_S3_ENDPOINT: 'minio:9000' })).toThrow(
      /EVIDENCE_S3_ENDPOINT must be an http/,
    );
  });
});

describe('directory sign-in and single sign-on', () => {
  it('are off unless LDAP_URL / OIDC_ISSUER are set', () => {
    const c = loadConfig({});
    expect(c.directory).toBeNull();
    expect(c.oidc).toBeNull();
  });

  it('takes the directory with its defaults, and needs a search base', () => {
    expect(() => loadConfig({ LDAP_URL: 'ldap://dir.example.org' })).toThrow(
      /LDAP_SEARCH_BASE must be set when LDAP_URL is/,
    );
    expect(() => loadConfig({ LDAP_URL: 'http://dir.example.org' })).toThrow(/LDAP_URL must be/);
    expect(
      loadConfig({ LDAP_URL: 'ldaps://ad.example.org', LDAP_SEARCH_BASE: 'dc=example,dc=org' })
        .directory,
    ).toEqual({
      url: 'ldaps://ad.example.org',
      bindDn: null,
      bindPassword: null,
      searchBase: 'dc=example,dc=org',
      usernameAttribute: 'uid',
      matchAttribute: null,
      tlsCaFile: null,
      timeoutMs: 5000,
    });
    expect(() =>
      loadConfig({
        LDAP_URL: 'ldap://dir',
        LDAP_SEARCH_BASE: 'dc=x',
        LDAP_TLS_CA: '/nonexistent/ca.pem',
      }),
    ).toThrow(/LDAP_TLS_CA names no file/);
    expect(() =>
      loadConfig({ LDAP_URL: 'ldap://dir', LDAP_SEARCH_BASE: 'dc=x', LDAP_BIND_DN: 'cn=svc' }),
    ).toThrow(/LDAP_BIND_PASSWORD must be set/);
  });

  it('takes single sign-on with its callback under PUBLIC_URL, and needs a client id', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'https://sso.example.org' })).toThrow(
      /OIDC_CLIENT_ID must be set/,
    );
    const local = loadConfig({ OIDC_ISSUER: 'https://sso.example.org', OIDC_CLIENT_ID: 'rf' });
    expect(local.oidc).toMatchObject({
      redirectUri: 'http://127.0.0.1:3000/api/auth/oidc/callback',
      matchClaim: 'preferred_username',
      createUsers: false,
      clientSecret: null,
      webBase: '',
    });
    const published = loadConfig({
      OIDC_ISSUER: 'https://sso.example.org',
      OIDC_CLIENT_ID: 'rf',
      PUBLIC_URL: 'https://rectiflow.example.org/',
      OIDC_MATCH_CLAIM: 'email',
    });
    expect(published.oidc).toMatchObject({
      redirectUri: 'https://rectiflow.example.org/api/auth/oidc/callback',
      webBase: 'https://rectiflow.example.org',
      matchClaim: 'email',
    });
    expect(() =>
      loadConfig({ OIDC_ISSUER: 'https://x', OIDC_CLIENT_ID: 'rf', OIDC_MATCH_CLAIM: 'sub' }),
    ).toThrow(/OIDC_MATCH_CLAIM/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: 'a-secret-of-our-own-1234',
        TEMPORAL_PAYLOAD_KEY: Buffer.alloc(32, 7).toString('base64'),
        OIDC_ISSUER: 'http://sso.example.org',
        OIDC_CLIENT_ID: 'rf',
      }),
    ).toThrow(/OIDC_ISSUER must be an https:\/\/ URL in production/);
  });
});
