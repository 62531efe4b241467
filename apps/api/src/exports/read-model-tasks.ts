// Runs in a worker thread of the export pool (export-worker.ts): the files whose input is
// thousands of rows (the ledger, the progress report) are read from the read model here, on
// the thread's own connection, and built here, so that neither the reads (better-sqlite3 is
// synchronous), nor the shaping of the rows, nor a structured clone of them runs on the API's
// event loop.
import type { DataSource } from 'typeorm';
import type { ReportVersion, Timing } from '@rectiflow/domain';
import { createDataSource, type RoundEntity } from '@rectiflow/persistence';
import { buildExport } from '@rectiflow/reports';
import type { AuthUser } from '../auth/auth.decorators';
import { FindingsService } from '../findings/findings.service';
import { ledgerInput, progressReportInput } from '../reports/round-inputs';
import { RoundContentsReader } from '../reports/round-contents';

/** The read model the API uses: its database settings, as AppConfig has them. */
export interface ReadModelSource {
  databaseUrl: string | null;
  dataDir: string;
}

/** 整改台账 of `round` as `actor` may see it at `now` (ISO). */
export interface LedgerTask {
  task: 'ledger';
  round: RoundEntity;
  actor: AuthUser;
  now: string;
}

/** 整改进展情况的通报 of `round`, as of `now` or as it stood at `at` (ISO), as docx or Markdown. */
export interface ProgressReportTask {
  task: 'progressReport';
  round: RoundEntity;
  actor: AuthUser;
  now: string;
  version: ReportVersion;
  at: string | null;
  format: 'docx' | 'md';
}

/** A file built from what the thread reads itself. */
export type ReadTask = LedgerTask | ProgressReportTask;

/** What the pool adds to a task: where to read, and the deployment's durations (lights). */
export interface ReadTaskContext {
  source: ReadModelSource;
  timing: Timing;
}

export interface ReadTaskResult {
  bytes: ArrayBuffer;
  /** How many findings the file tells of (for the audit record). */
  findings: number;
}

/** Connections one export thread opens on PostgreSQL (its statements run one at a time). */
const THREAD_POOL_SIZE = 2;

/** The thread's read model, per source, opened on first use and kept while the thread lives. */
const readModels = new Map<string, Promise<DataSource>>();

function readModel(source: ReadModelSource): Promise<DataSource> {
  const key = `${source.databaseUrl ?? ''}\u0000${source.dataDir}`;
  let ds = readModels.get(key);
  if (!ds) {
    ds = createDataSource({ ...source, poolSize: THREAD_POOL_SIZE, readOnly: true }).initialize();
    // A failed open is not kept: the next task tries again.
    ds.catch(() => readModels.delete(key));
    readModels.set(key, ds);
  }
  return ds;
}

/** A Buffer's bytes as an ArrayBuffer of their own (a small Buffer may sit in a shared pool). */
export function ownArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : new Uint8Array(bytes).buffer;
}

export async function runReadTask(job: ReadTask & ReadTaskContext): Promise<ReadTaskResult> {
  const dataSource = await readModel(job.source);
  const config = { timing: job.timing };
  const findings = new FindingsService(dataSource, config);
  const contents = new RoundContentsReader(dataSource, findings, config);
  const now = new Date(job.now);
  if (job.task === 'ledger') {
    const { input, findings: n } = await ledgerInput(
      dataSource,
      contents,
      findings,
      job.round,
      job.actor,
      now,
    );
    return { bytes: ownArrayBuffer(await buildExport({ kind: 'ledger', input })), findings: n };
  }
  const { round, actor, version, at, format } = job;
  const { input, findings: n } = await progressReportInput(dataSource, contents, findings, {
    round,
    actor,
    now,
    version,
    at,
  });
  const bytes = await buildExport({ kind: 'progressReport', input: { format, report: input } });
  return { bytes: ownArrayBuffer(bytes), findings: n };
}
