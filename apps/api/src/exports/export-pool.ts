import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Piscina } from 'piscina';
import type { AppConfig } from '@rectiflow/config';
import type { ExportInput, ExportJob } from '@rectiflow/reports';
import { APP_CONFIG } from '../config/config.module';
import type { ReadTask, ReadTaskContext, ReadTaskResult } from './read-model-tasks';

/**
 * The worker entry and how to load it. Built (dist/, `npm start`, docker): export-worker.js,
 * whose `@rectiflow/*` imports resolve through scripts/register-paths.cjs, which the thread
 * inherits from the process's `-r`. From the TypeScript sources (jest runs the API in-process,
 * test stacks run it with ts-register): the .ts file, compiled in the thread by the same
 * ts-register the test children use.
 */
export function exportWorkerEntry(): { filename: string; execArgv: string[] } {
  const compiled = path.join(__dirname, 'export-worker.js');
  if (fs.existsSync(compiled)) return { filename: compiled, execArgv: process.execArgv };
  const register = path.resolve(__dirname, '../../../../test/support/ts-register.cjs');
  const registered = process.execArgv.some((a) => a.endsWith('ts-register.cjs'));
  return {
    filename: path.join(__dirname, 'export-worker.ts'),
    execArgv: registered ? process.execArgv : [...process.execArgv, '-r', register],
  };
}

type PoolJob = ExportJob | (ReadTask & ReadTaskContext);

/**
 * Builds export files (ledger, report, scorecard, meeting pack, supervision workbooks, approval
 * form, import template) on worker threads (piscina), so that a file of thousands of findings
 * never holds the event loop. Two ways in: `build`, where the API reads the database and hands
 * plain data over, and `read`, where the thread reads the read model itself on its own
 * connection (the ledger and the progress report: thousands of rows, whose reads and structured
 * clone would otherwise run on the loop). EXPORT_THREADS threads at most, started on demand and stopped when idle;
 * jobs beyond them wait in the pool's queue (the export slots bound how many there are).
 */
@Injectable()
export class ExportPool implements OnModuleDestroy {
  private readonly pool: Piscina<PoolJob, ArrayBuffer | ReadTaskResult>;
  private readonly context: ReadTaskContext;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.context = {
      source: { databaseUrl: config.databaseUrl, dataDir: config.dataDir },
      timing: config.timing,
    };
    const { filename, execArgv } = exportWorkerEntry();
    // libuv's thread pool is started by the first thread that queues work on it, and its threads
    // inherit that thread's priority: started here, they run at the event loop's, not at the
    // lowered one of an export thread that would otherwise (zlib) be first.
    fs.stat(filename, () => undefined);
    this.pool = new Piscina({
      filename,
      execArgv,
      minThreads: 0,
      maxThreads: config.env.EXPORT_THREADS,
      idleTimeout: 30_000,
      // Exports are batch work: they take the CPU the API's requests leave (Linux, per thread).
      niceIncrement: config.env.EXPORT_THREAD_NICE,
    });
  }

  /** The bytes of a file of `kind` built from `input`, off the event loop. */
  async build<K extends ExportJob['kind']>(kind: K, input: ExportInput<K>): Promise<Buffer> {
    return Buffer.from((await this.pool.run({ kind, input } as ExportJob)) as ArrayBuffer);
  }

  /** The bytes of the file `task` describes, read and built on a thread, and its size. */
  async read(task: ReadTask): Promise<{ body: Buffer; findings: number }> {
    const result = (await this.pool.run({ ...task, ...this.context })) as ReadTaskResult;
    return { body: Buffer.from(result.bytes), findings: result.findings };
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.destroy();
  }
}
