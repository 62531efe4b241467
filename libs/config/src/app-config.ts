import { availableParallelism } from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ms from 'ms';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { parseScorecardWeights, type ScorecardWeights, type Timing } from '@rectiflow/domain';
import { TASK_QUEUE } from '@rectiflow/contracts';
import { ConfigError } from './config-error';
import { temporalTlsFiles, type TemporalTlsFiles } from './temporal-tls';
import { generatedJwtSecret, isPublishedJwtSecret } from './jwt-secret';

export { ConfigError };

const DURATION = /^\d+(\.\d+)?\s*(ms|s|m|h|d|w)$/;
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const blankToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every environment variable the api and the worker read, declared once with its default,
 * validated at boot (a bad value stops the process naming the variable). `.env.example`
 * lists the same variables with their meaning.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test']) NODE_ENV = 'development';
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsString() HOST = '127.0.0.1';
  @IsString() DATA_DIR = '.data';
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;
  @Transform(toInt) @IsInt() @Min(1) @Max(200) DATABASE_POOL_SIZE = 10;
  @IsString() TEMPORAL_ADDRESS = '127.0.0.1:7233';
  /**
   * Worker: finding workflows kept in memory between steps (the sticky cache) [100]. A finding
   * outside it is replayed from its history at its next step; each cached one costs the workflow
   * thread's heap about 0.08 MB and more as its state grows (BENCH.md, "Idle worker memory").
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(100000) WORKFLOW_CACHE_SIZE = 100;
  /**
   * Worker: the workflow thread's V8 heap limit (old generation), MiB [96 + 1.5 per cached
   * workflow: 246 with the default cache; 2 per cached workflow with tracing on, whose bundle is
   * bigger]. Bounds the garbage an import or a burst of replays leaves; too small for the cache
   * and the thread runs out of memory, which stops the worker.
   */
  @Transform(toInt) @IsOptional() @IsInt() @Min(64) @Max(65536) WORKFLOW_HEAP_MB?: number;
  @IsString() TEMPORAL_NAMESPACE = 'default';
  /** Workers and the API must agree on it; tests give each stack its own. */
  @IsString() TEMPORAL_TASK_QUEUE = TASK_QUEUE;
  /** mTLS to the Temporal frontend (PEM files): the CA that signed the frontend's certificate… */
  @Transform(blankToUndefined) @IsOptional() @IsString() TEMPORAL_TLS_CA?: string;
  /** …and this client's certificate and key, which the frontend requires. */
  @Transform(blankToUndefined) @IsOptional() @IsString() TEMPORAL_TLS_CERT?: string;
  @Transform(blankToUndefined) @IsOptional() @IsString() TEMPORAL_TLS_KEY?: string;
  /** The name in the frontend's certificate, when the address does not carry it. */
  @Transform(blankToUndefined) @IsOptional() @IsString() TEMPORAL_TLS_SERVER_NAME?: string;
  /** Token signing secret; unset outside production: one made and kept in DATA_DIR/jwt-secret. */
  @Transform(blankToUndefined) @IsOptional() @IsString() @MinLength(16) JWT_SECRET?: string;
  /**
   * AES-256-GCM key (base64, 32 bytes) that encrypts every payload the API and the workers
   * send through Temporal; required in production, generated into DATA_DIR otherwise.
   */
  @Transform(blankToUndefined) @IsOptional() @IsString() TEMPORAL_PAYLOAD_KEY?: string;
  /** Earlier payload keys still accepted on decode while a rotation is under way (comma-separated). */
  @Transform(blankToUndefined) @IsOptional() @IsString() TEMPORAL_PAYLOAD_DECRYPT_KEYS?: string;
  /** How often findings whose workflow was stopped outside the API are looked for. */
  @Matches(DURATION, { message: 'HALTED_SWEEP_INTERVAL must be a duration such as 30s' })
  HALTED_SWEEP_INTERVAL = '30s';
  @Matches(DURATION, { message: 'JWT_EXPIRES_IN must be a duration such as 12h' }) JWT_EXPIRES_IN =
    '12h';
  /** Set by `npm start`: the embedded default (seeds the demo organisation, serves the web app). */
  @Transform(toBool) @IsOptional() @IsBoolean() RECTIFLOW_EMBEDDED?: boolean;
  /** Seed the demo organisation into an empty database; defaults to on in the embedded default. */
  @Transform(toBool) @IsOptional() @IsBoolean() SEED_DEMO?: boolean;
  @Transform(toBool) @IsOptional() @IsBoolean() SERVE_WEB?: boolean;
  @Transform(toInt) @IsInt() @Min(1) UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
  /** How deep a JSON body may nest (objects and lists); deeper bodies answer 400. */
  @Transform(toInt) @IsInt() @Min(2) @Max(1000) JSON_MAX_DEPTH = 64;
  /** How far ahead a due date may lie (a duration such as 5y); later dates answer 400. */
  @Matches(/^\d+(\.\d+)?\s*(d|w|y)$/, {
    message: 'DUE_DATE_HORIZON must be a duration in days, weeks or years such as 5y',
  })
  DUE_DATE_HORIZON = '5y';
  /** Where evidence files live: a folder (shared by every API replica) or an S3 bucket. */
  @IsIn(['local', 's3']) EVIDENCE_STORE = 'local';
  /** The folder of `local` [DATA_DIR/evidence]; two API replicas must share it. */
  @Transform(blankToUndefined) @IsOptional() @IsString() EVIDENCE_DIR?: string;
  @Transform(blankToUndefined) @IsOptional() @IsString() EVIDENCE_S3_BUCKET?: string;
  /** An S3-compatible endpoint (MinIO, Ceph, a cloud's object store); unset: AWS's own. */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'EVIDENCE_S3_ENDPOINT must be an http(s):// URL' })
  EVIDENCE_S3_ENDPOINT?: string;
  @IsString() EVIDENCE_S3_REGION = 'us-east-1';
  @IsString() EVIDENCE_S3_PREFIX = 'evidence/';
  /** Path-style URLs (bucket in the path), which most S3-compatible servers need. */
  @Transform(toBool) @IsBoolean() EVIDENCE_S3_FORCE_PATH_STYLE = true;
  /** Prometheus metrics on HOST:METRICS_PORT/metrics (API: requests; worker: the Temporal SDK's); unset: none. */
  @Transform(toInt) @IsOptional() @IsInt() @Min(1) @Max(65535) METRICS_PORT?: number;
  /** Express's `trust proxy` behind a reverse proxy (e.g. `loopback`), so client addresses are real. */
  @Transform(blankToUndefined) @IsOptional() @IsString() TRUST_PROXY?: string;
  @Matches(DURATION, { message: 'WARN_BEFORE must be a duration such as 10d' }) WARN_BEFORE = '10d';
  @Matches(DURATION, { message: 'ESCALATE_AFTER must be a duration such as 0s' }) ESCALATE_AFTER =
    '0s';
  @Matches(DURATION, { message: 'ESCALATION_INTERVAL must be a duration such as 7d' })
  ESCALATION_INTERVAL = '7d';
  @Matches(DURATION, { message: 'STEP_DUE must be a duration such as 15d' }) STEP_DUE = '15d';
  @Matches(DURATION, { message: 'STAGE_REPORT_EVERY must be a duration such as 30d' })
  STAGE_REPORT_EVERY = '30d';
  @Matches(DURATION, { message: 'LOOK_BACK_AFTER must be a duration such as 180d' })
  LOOK_BACK_AFTER = '180d';
  /** The supervision ledger (督办台账) lists findings sent back more than this many times. */
  @Transform(toInt) @IsInt() @Min(0) SUPERVISION_SENT_BACK_OVER = 1;
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;
  @IsString() MAIL_FROM = 'rectiflow <noreply@rectiflow.local>';
  @IsString() CORS_ORIGINS = '';
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  @Transform(toInt) @IsInt() @Min(1) LOGIN_RATE_LIMIT = 10;
  /** Public comments (意见建议) one client address may send per 10 minutes. */
  @Transform(toInt) @IsInt() @Min(1) PUBLIC_COMMENT_RATE_LIMIT = 5;
  /** Public comments everyone together may send per 10 minutes (a flood from many addresses). */
  @Transform(toInt) @IsInt() @Min(1) PUBLIC_COMMENT_GLOBAL_RATE_LIMIT = 200;
  /**
   * Worker threads that build export files (ledger, report, scorecard, meeting pack…) off the
   * event loop [1 on up to 2 CPUs, else CPUs − 1, at most 4]; started on demand, stopped idle.
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(64) EXPORT_THREADS = Math.min(
    4,
    Math.max(1, availableParallelism() - 1),
  );
  /**
   * How much lower the export threads run than the API's event loop (their nice increment, on
   * Linux) [10]: on a busy machine requests come first and files are built in the time left.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(19) EXPORT_THREAD_NICE = 10;
  /** Exports one user may have in flight at a time; more answer 429 with Retry-After. */
  @Transform(toInt) @IsInt() @Min(1) EXPORT_CONCURRENCY_PER_USER = 2;
  /** Exports in flight from everyone (per API process); more answer 429 with Retry-After. */
  @Transform(toInt) @IsInt() @Min(1) EXPORT_CONCURRENCY = 4;
  /** Receipt-code look-ups one client address may make per minute. */
  @Transform(toInt) @IsInt() @Min(1) PUBLIC_RECEIPT_RATE_LIMIT = 30;
  /** Failed logins of one account in a row before it is locked… */
  @Transform(toInt) @IsInt() @Min(1) LOGIN_LOCKOUT_ATTEMPTS = 5;
  /** The shortest new password accepted (characters). */
  @Transform(toInt) @IsInt() @Min(8) @Max(200) PASSWORD_MIN_LENGTH = 10;
  /** …for this long. */
  @Matches(DURATION, { message: 'LOGIN_LOCKOUT_DURATION must be a duration such as 15m' })
  LOGIN_LOCKOUT_DURATION = '15m';
  /** How long the API waits for a workflow step's answer before a 503 (retry with the same Idempotency-Key). */
  @Matches(DURATION, { message: 'UPDATE_TIMEOUT must be a duration such as 30s' }) UPDATE_TIMEOUT =
    '30s';
  /** The organisation's time zone: due dates are calendar days there (IANA name). */
  @IsTimeZone({ message: 'ORG_TIMEZONE must be an IANA time zone such as Asia/Shanghai' })
  ORG_TIMEZONE = 'Asia/Shanghai';
  /** The ratings of 整改成效评估 the inspecting office chooses from, comma-separated. */
  @Matches(/^[^,]+(,[^,]+)*$/, { message: 'EVALUATION_RATINGS must be a comma-separated list' })
  EVALUATION_RATINGS = '好,较好,一般,差';
  /** The kinds of accountability decision (问责) a supervisor records, comma-separated. */
  @Matches(/^[^,]+(,[^,]+)*$/, { message: 'ACCOUNTABILITY_KINDS must be a comma-separated list' })
  ACCOUNTABILITY_KINDS = '批评教育,诫勉谈话,通报批评,组织处理,纪律处分';
  /**
   * 绩效考核 weights as a JSON object of the ones that differ from the defaults, e.g.
   * {"base":60,"onTime":40,"overdueDay":0.5,"sentBack":2,"escalation":3,"accountability":5,"openOrder":2}.
   */
  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  SCORECARD_WEIGHTS?: string;
  /** Where people reach the web app (e.g. https://rectiflow.example.org); unset: http://127.0.0.1:PORT. */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^/]+(\/.*)?$/, { message: 'PUBLIC_URL must be an http(s):// URL' })
  PUBLIC_URL?: string;
  /** Directory sign-in (LDAP/AD) for users whose authSource is `directory`; unset: off. */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^ldaps?:\/\//, { message: 'LDAP_URL must be an ldap:// or ldaps:// URL' })
  LDAP_URL?: string;
  /** The service account the API binds as to look people up (and its password). */
  @Transform(blankToUndefined) @IsOptional() @IsString() LDAP_BIND_DN?: string;
  @Transform(blankToUndefined) @IsOptional() @IsString() LDAP_BIND_PASSWORD?: string;
  /** Where people are searched (whole subtree), e.g. ou=people,dc=example,dc=org. */
  @Transform(blankToUndefined) @IsOptional() @IsString() LDAP_SEARCH_BASE?: string;
  /** The attribute holding the sign-in name: uid (OpenLDAP), sAMAccountName (Active Directory). */
  @Matches(/^[A-Za-z][A-Za-z0-9-]*$/, {
    message: 'LDAP_USERNAME_ATTRIBUTE must be an attribute name',
  })
  LDAP_USERNAME_ATTRIBUTE = 'uid';
  /** Find the entry by this attribute holding the rectiflow user's e-mail (e.g. mail) instead. */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z][A-Za-z0-9-]*$/, { message: 'LDAP_MATCH_ATTRIBUTE must be an attribute name' })
  LDAP_MATCH_ATTRIBUTE?: string;
  /** A PEM file of the CA that signed the directory's certificate (ldaps:// or a private CA). */
  @Transform(blankToUndefined) @IsOptional() @IsString() LDAP_TLS_CA?: string;
  @Matches(DURATION, { message: 'LDAP_TIMEOUT must be a duration such as 5s' }) LDAP_TIMEOUT = '5s';
  /** Single sign-on (OpenID Connect): the provider's issuer URL; unset: off. */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'OIDC_ISSUER must be an http(s):// URL' })
  OIDC_ISSUER?: string;
  @Transform(blankToUndefined) @IsOptional() @IsString() OIDC_CLIENT_ID?: string;
  /** Unset: a public client (PKCE only). */
  @Transform(blankToUndefined) @IsOptional() @IsString() OIDC_CLIENT_SECRET?: string;
  /** Registered at the provider; unset: PUBLIC_URL (or http://127.0.0.1:PORT) + /api/auth/oidc/callback. */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'OIDC_REDIRECT_URI must be an http(s):// URL' })
  OIDC_REDIRECT_URI?: string;
  /** The claim naming the rectiflow user: preferred_username (their username) or email. */
  @IsIn(['preferred_username', 'email']) OIDC_MATCH_CLAIM = 'preferred_username';
  /** Create a (role-less, inactive-until-office-acts) user when nobody matches; default: refuse. */
  @Transform(toBool) @IsBoolean() OIDC_CREATE_USERS = false;
  /** The login page's button text; unset: 统一身份认证登录 / Single sign-on. */
  @Transform(blankToUndefined) @IsOptional() @IsString() OIDC_BUTTON_LABEL?: string;
}

export type EvidenceStoreConfig =
  | { kind: 'local'; dir: string }
  | {
      kind: 's3';
      bucket: string;
      endpoint: string | null;
      region: string;
      prefix: string;
      forcePathStyle: boolean;
    };

/** Directory sign-in (LDAP_*), when LDAP_URL is set. */
export interface DirectoryConfig {
  url: string;
  bindDn: string | null;
  bindPassword: string | null;
  searchBase: string;
  usernameAttribute: string;
  /** Find the entry by this attribute = the user's e-mail instead of by username. */
  matchAttribute: string | null;
  tlsCaFile: string | null;
  timeoutMs: number;
}

/** Single sign-on (OIDC_*), when OIDC_ISSUER is set. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  redirectUri: string;
  matchClaim: 'preferred_username' | 'email';
  createUsers: boolean;
  buttonLabel: string | null;
  /** Where the web app is (PUBLIC_URL), or '' for the API's own origin. */
  webBase: string;
}

export interface AppConfig {
  env: EnvironmentVariables;
  /**
   * The token signing secret: JWT_SECRET, or (outside production) the one generated and kept
   * under DATA_DIR, made on first use.
   */
  readonly jwtSecret: string;
  /** Per-account login lockout: failures in a row, and how long the account stays locked. */
  loginLockout: { attempts: number; durationMs: number };
  /** What a new password must meet (PASSWORD_MIN_LENGTH; common ones refused in production). */
  passwordPolicy: { minLength: number; production: boolean };
  production: boolean;
  dataDir: string;
  databaseUrl: string | null;
  seedDemo: boolean;
  /** Serve the built web app (dist/web) at `/`. */
  serveWeb: boolean;
  timing: Timing;
  /** mTLS files to Temporal, or null for a plain connection (the embedded default's loopback). */
  temporalTls: TemporalTlsFiles | null;
  evidence: EvidenceStoreConfig;
  /** EVALUATION_RATINGS as a list. */
  evaluationRatings: string[];
  /** ACCOUNTABILITY_KINDS as a list. */
  accountabilityKinds: string[];
  /** SCORECARD_WEIGHTS over the defaults. */
  scorecardWeights: ScorecardWeights;
  /** DUE_DATE_HORIZON in milliseconds: a due date lies between now and now + this. */
  dueDateHorizonMs: number;
  /** Directory sign-in, or null when off. */
  directory: DirectoryConfig | null;
  /** Single sign-on, or null when off. */
  oidc: OidcConfig | null;
}

/** The names of the durations a unit may set for itself (as UnitSettings.timing). */
export const TIMING_VARIABLES = {
  WARN_BEFORE: 'warnBeforeMs',
  ESCALATE_AFTER: 'escalateAfterMs',
  ESCALATION_INTERVAL: 'escalationIntervalMs',
  STEP_DUE: 'stepDueMs',
  STAGE_REPORT_EVERY: 'stageReportEveryMs',
  LOOK_BACK_AFTER: 'lookBackAfterMs',
} as const satisfies Record<string, keyof Timing>;

/**
 * The deployment's durations with a unit's own where it set them (already validated as
 * durations when they were saved).
 */
export function timingWith(
  base: Timing,
  overrides: Partial<Record<keyof typeof TIMING_VARIABLES, string>> | undefined,
): Timing {
  const timing = { ...base };
  for (const [name, key] of Object.entries(TIMING_VARIABLES)) {
    const value = overrides?.[name as keyof typeof TIMING_VARIABLES];
    if (value)
      timing[key] = durationMs(
        name,
        value,
        key !== 'escalateAfterMs' && key !== 'warnBeforeMs' && key !== 'lookBackAfterMs',
      );
  }
  return timing;
}

function scorecardWeights(text: string | undefined): ScorecardWeights {
  const { weights, problems } = parseScorecardWeights(text);
  if (problems.length > 0)
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return weights;
}

function durationMs(name: string, value: string, positive = false): number {
  const parsed = ms(value.replace(/\s+/g, '') as ms.StringValue);
  if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed < 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${name} is not a duration: ${value}`);
  }
  // A zero period or step would make every task due (or every level fire) the moment it opens.
  if (positive && parsed === 0)
    throw new ConfigError(`Invalid configuration:\n  - ${name} must be longer than 0`);
  return parsed;
}

/** Validates the environment; throws a `ConfigError` naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const picked: Record<string, string> = {};
  for (const key of [
    ...known,
    'DATABASE_URL',
    'SEED_DEMO',
    'SERVE_WEB',
    'SMTP_URL',
    'RECTIFLOW_EMBEDDED',
    'TEMPORAL_TLS_CA',
    'TEMPORAL_TLS_CERT',
    'TEMPORAL_TLS_KEY',
    'TEMPORAL_TLS_SERVER_NAME',
    'TEMPORAL_PAYLOAD_KEY',
    'TEMPORAL_PAYLOAD_DECRYPT_KEYS',
    'EVIDENCE_DIR',
    'EVIDENCE_S3_BUCKET',
    'EVIDENCE_S3_ENDPOINT',
    'TRUST_PROXY',
    'METRICS_PORT',
    'JWT_SECRET',
    'PUBLIC_URL',
    'LDAP_URL',
    'LDAP_BIND_DN',
    'LDAP_BIND_PASSWORD',
    'LDAP_SEARCH_BASE',
    'LDAP_MATCH_ATTRIBUTE',
    'LDAP_TLS_CA',
    'OIDC_ISSUER',
    'OIDC_CLIENT_ID',
    'OIDC_CLIENT_SECRET',
    'OIDC_REDIRECT_URI',
    'OIDC_BUTTON_LABEL',
  ]) {
    const value = source[key];
    if (value !== undefined) picked[key] = value;
  }
  const env = plainToInstance(EnvironmentVariables, picked);
  const errors = validateSync(env, { whitelist: true });
  if (errors.length > 0) {
    const lines = errors.flatMap((e) =>
      Object.values(e.constraints ?? { invalid: `${e.property} is invalid` }),
    );
    throw new ConfigError(`Invalid configuration:\n  - ${lines.join('\n  - ')}`);
  }
  const production = env.NODE_ENV === 'production';
  if (env.JWT_SECRET !== undefined && isPublishedJwtSecret(env.JWT_SECRET)) {
    throw new ConfigError(
      'Invalid configuration:\n  - JWT_SECRET is a published secret (it appeared in this project): choose one of your own, or leave it unset outside production',
    );
  }
  if (production && env.JWT_SECRET === undefined) {
    throw new ConfigError(
      'Invalid configuration:\n  - JWT_SECRET must be set to a secret of your own in production',
    );
  }
  if (production && (env.SEED_DEMO || env.RECTIFLOW_EMBEDDED)) {
    throw new ConfigError(
      'Invalid configuration:\n  - SEED_DEMO (and the embedded default, RECTIFLOW_EMBEDDED) is not allowed in production',
    );
  }
  const dataDir = path.resolve(env.DATA_DIR);
  const configuredSecret = env.JWT_SECRET;
  return {
    env,
    // Made on first use: a process that signs nothing (the worker, a test of the config) never
    // writes the file.
    get jwtSecret() {
      return configuredSecret ?? generatedJwtSecret(dataDir);
    },
    loginLockout: {
      attempts: env.LOGIN_LOCKOUT_ATTEMPTS,
      durationMs: durationMs('LOGIN_LOCKOUT_DURATION', env.LOGIN_LOCKOUT_DURATION, true),
    },
    passwordPolicy: { minLength: env.PASSWORD_MIN_LENGTH, production },
    production,
    dataDir,
    databaseUrl: env.DATABASE_URL ?? null,
    seedDemo: !production && (env.SEED_DEMO ?? env.RECTIFLOW_EMBEDDED ?? false),
    serveWeb: env.SERVE_WEB ?? env.RECTIFLOW_EMBEDDED ?? false,
    timing: {
      warnBeforeMs: durationMs('WARN_BEFORE', env.WARN_BEFORE),
      escalateAfterMs: durationMs('ESCALATE_AFTER', env.ESCALATE_AFTER),
      escalationIntervalMs: durationMs('ESCALATION_INTERVAL', env.ESCALATION_INTERVAL, true),
      stepDueMs: durationMs('STEP_DUE', env.STEP_DUE, true),
      stageReportEveryMs: durationMs('STAGE_REPORT_EVERY', env.STAGE_REPORT_EVERY, true),
      lookBackAfterMs: durationMs('LOOK_BACK_AFTER', env.LOOK_BACK_AFTER),
    },
    evaluationRatings: env.EVALUATION_RATINGS.split(',').map((r) => r.trim()),
    accountabilityKinds: env.ACCOUNTABILITY_KINDS.split(',').map((k) => k.trim()),
    scorecardWeights: scorecardWeights(env.SCORECARD_WEIGHTS),
    dueDateHorizonMs: durationMs('DUE_DATE_HORIZON', env.DUE_DATE_HORIZON, true),
    temporalTls: temporalTlsFiles(env),
    evidence: evidenceStoreConfig(env, dataDir),
    directory: directoryConfig(env),
    oidc: oidcConfig(env, production),
  };
}

function directoryConfig(env: EnvironmentVariables): DirectoryConfig | null {
  if (!env.LDAP_URL) return null;
  const problems: string[] = [];
  if (!env.LDAP_SEARCH_BASE) problems.push('LDAP_SEARCH_BASE must be set when LDAP_URL is');
  if (env.LDAP_BIND_DN && env.LDAP_BIND_PASSWORD === undefined) {
    problems.push('LDAP_BIND_PASSWORD must be set when LDAP_BIND_DN is');
  }
  if (env.LDAP_TLS_CA && !fs.existsSync(env.LDAP_TLS_CA)) {
    problems.push(`LDAP_TLS_CA names no file: ${env.LDAP_TLS_CA}`);
  }
  if (problems.length)
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return {
    url: env.LDAP_URL,
    bindDn: env.LDAP_BIND_DN ?? null,
    bindPassword: env.LDAP_BIND_PASSWORD ?? null,
    searchBase: env.LDAP_SEARCH_BASE!,
    usernameAttribute: env.LDAP_USERNAME_ATTRIBUTE,
    matchAttribute: env.LDAP_MATCH_ATTRIBUTE ?? null,
    tlsCaFile: env.LDAP_TLS_CA ?? null,
    timeoutMs: durationMs('LDAP_TIMEOUT', env.LDAP_TIMEOUT, true),
  };
}

function oidcConfig(env: EnvironmentVariables, production: boolean): OidcConfig | null {
  if (!env.OIDC_ISSUER) return null;
  const problems: string[] = [];
  if (!env.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID must be set when OIDC_ISSUER is');
  // Tokens over plain http could be read on the way: only for trying it out on one machine.
  if (production && env.OIDC_ISSUER.startsWith('http:')) {
    problems.push('OIDC_ISSUER must be an https:// URL in production');
  }
  if (problems.length)
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  const publicUrl = (env.PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/+$/, '');
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID!,
    clientSecret: env.OIDC_CLIENT_SECRET ?? null,
    redirectUri: env.OIDC_REDIRECT_URI ?? `${publicUrl}/api/auth/oidc/callback`,
    matchClaim: env.OIDC_MATCH_CLAIM as OidcConfig['matchClaim'],
    createUsers: env.OIDC_CREATE_USERS,
    buttonLabel: env.OIDC_BUTTON_LABEL ?? null,
    webBase: (env.PUBLIC_URL ?? '').replace(/\/+$/, ''),
  };
}

function evidenceStoreConfig(env: EnvironmentVariables, dataDir: string): EvidenceStoreConfig {
  if (env.EVIDENCE_STORE === 'local') {
    return { kind: 'local', dir: path.resolve(env.EVIDENCE_DIR ?? path.join(dataDir, 'evidence')) };
  }
  if (!env.EVIDENCE_S3_BUCKET) {
    throw new ConfigError(
      'Invalid configuration:\n  - EVIDENCE_S3_BUCKET must be set when EVIDENCE_STORE=s3',
    );
  }
  return {
    kind: 's3',
    bucket: env.EVIDENCE_S3_BUCKET,
    endpoint: env.EVIDENCE_S3_ENDPOINT ?? null,
    region: env.EVIDENCE_S3_REGION,
    prefix: env.EVIDENCE_S3_PREFIX,
    forcePathStyle: env.EVIDENCE_S3_FORCE_PATH_STYLE,
  };
}
