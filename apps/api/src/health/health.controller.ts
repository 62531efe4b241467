import {
  Controller,
  Get,
  Inject,
  ServiceUnavailableException,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import type { HealthView } from '@rectiflow/contracts';
import type { AppConfig } from '@rectiflow/config';
import { isSqlite, sqliteFile } from '@rectiflow/persistence';
import { Public } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import { ApiRoute, jsonContent } from '../openapi/api-route.decorator';

type State = 'ok' | 'unavailable';

const PROBE_MS = 3000;
const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

@ApiTags('health')
@Controller('health')
export class HealthController implements OnApplicationShutdown {
  private sqliteProbe: Database.Database | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 200 when Temporal answers and the read model can be read and written; 503 naming what cannot. */
  @Public()
  @Get()
  @ApiRoute({ summary: 'Whether Temporal and the read model answer', answer: 'HealthView' })
  @ApiResponse({
    status: 503,
    description: 'Temporal or the read model does not answer: named in `message`',
    content: jsonContent('HealthUnavailableAnswer'),
  })
  async health(): Promise<HealthView> {
    const [temporal, database] = await Promise.all([this.temporalState(), this.databaseState()]);
    const body: HealthView = {
      status: database === 'ok' && temporal === 'ok' ? 'ok' : 'unavailable',
      temporal,
      database,
    };
    if (body.status !== 'ok') {
      const failing = [
        temporal !== 'ok' ? 'temporal' : '',
        database !== 'ok' ? 'database' : '',
      ].filter(Boolean);
      throw new ServiceUnavailableException({
        statusCode: 503,
        error: 'Service Unavailable',
        message: `unavailable: ${failing.join(', ')}`,
        ...body,
      });
    }
    return body;
  }

  private async temporalState(): Promise<State> {
    // Raced, for a prompt answer (the client's retries do not heed the abort at once), and
    // aborted, so the probe does not go on retrying in the background.
    const abort = new AbortController();
    try {
      await withTimeout(
        this.temporal.withAbortSignal(abort.signal, () =>
          this.temporal.workflowService.getSystemInfo({}),
        ),
        PROBE_MS,
      );
      return 'ok';
    } catch {
      return 'unavailable';
    } finally {
      abort.abort();
    }
  }

  private async databaseState(): Promise<State> {
    try {
      // A real table, not `SELECT 1` (which SQLite answers without touching the file).
      await withTimeout(
        this.dataSource.query('SELECT "seq" FROM "audit_head" WHERE "id" = 1'),
        PROBE_MS,
      );
      if (isSqlite(this.dataSource) && !(await this.sqliteWritable())) return 'unavailable';
      return 'ok';
    } catch {
      return 'unavailable';
    }
  }

  /**
   * SQLite readers never wait in WAL mode, but nothing can move while another process holds
   * the write lock. Probed on a connection of its own that never waits (the API's own would
   * block the event loop for its busy timeout), retried briefly so a normal write does not
   * count as an outage.
   */
  private async sqliteWritable(): Promise<boolean> {
    this.sqliteProbe ??= new Database(sqliteFile(this.config.dataDir), {
      timeout: 0,
      fileMustExist: true,
    });
    const deadline = Date.now() + PROBE_MS;
    for (;;) {
      try {
        this.sqliteProbe.exec('BEGIN IMMEDIATE');
        this.sqliteProbe.exec('ROLLBACK');
        return true;
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline)
          return false;
        await sleep(50);
      }
    }
  }

  onApplicationShutdown(): void {
    this.sqliteProbe?.close();
    this.sqliteProbe = null;
  }
}
