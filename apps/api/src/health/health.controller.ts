import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
  ) {}

  @Public()
  @Get()
  async health() {
    const [database, temporal] = await Promise.all([
      withTimeout(this.dataSource.query('SELECT 1'), 3000).then(
        () => 'ok',
        () => 'unavailable',
      ),
      withTimeout(this.temporal.workflowService.getSystemInfo({}), 3000).then(
        () => 'ok',
        () => 'unavailable',
      ),
    ]);
    const body = { status: database === 'ok' && temporal === 'ok' ? 'ok' : 'unavailable', temporal, database };
    if (body.status !== 'ok') throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', message: `unavailable: ${[temporal !== 'ok' ? 'temporal' : '', database !== 'ok' ? 'database' : ''].filter(Boolean).join(', ')}`, ...body });
    return body;
  }
}
