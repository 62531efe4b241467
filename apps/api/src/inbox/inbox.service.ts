import type { TaskKind } from '@rectiflow/domain';
import type { InboxCounts, Page, TaskView } from '@rectiflow/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import type { Actor } from '@rectiflow/domain';

import type { TaskEntity } from '@rectiflow/persistence';
import { APP_CONFIG } from '../config/config.module';
import { taskView } from '../findings/finding-views';
import { InboxCountsQueryDto, type InboxQueryDto } from './dto/inbox-query.dto';
import { likePattern } from '../http/input-hygiene';
import { InboxSql, type InboxParams } from './inbox-sql';

/**
 * A page row: the task's columns, named as TaskEntity's properties, its finding's, and on
 * PostgreSQL, when the page sorts every match, how many tasks match in all (a bigint, which
 * node-postgres hands over as a string).
 */
type InboxRow = TaskEntity & { findingTitle: string; findingCode: string; total?: string };

function callerParams(actor: Actor, now: Date): InboxParams {
  // '-' matches no department: a department-scoped role without a department sees none.
  return {
    me: actor.userId,
    dept: actor.departmentId ?? '-',
    unit: actor.unitId ?? '-',
    roles: actor.roles,
    now: now.toISOString(),
  };
}

/**
 * The inbox is plain SQL over the tasks table (inbox-sql.ts): open tasks of any of the
 * caller's roles and tasks the caller has claimed. Rows are mapped to the API's shape as they
 * come from the driver, without entity hydration.
 */
@Injectable()
export class InboxService {
  private readonly sql: InboxSql;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.sql = new InboxSql(dataSource);
  }

  async list(actor: Actor, query: InboxQueryDto): Promise<Page<TaskView>> {
    const now = new Date();
    const { count, page, pageCounts } = this.sql.statements(actor, query);
    const params: InboxParams = {
      ...callerParams(actor, now),
      kind: query.kind,
      roundId: query.roundId,
      unitId: query.unitId,
      q: query.q ? likePattern(query.q) : undefined,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    };
    const counted = async () => {
      const [row] = await this.sql.run<{ n: string | number }>(count, params);
      // COUNT(*) is a bigint on PostgreSQL, which node-postgres hands over as a string.
      return Number(row?.n ?? 0);
    };
    // The count and the page are independent reads: on PostgreSQL they run side by side on two
    // of the pool's connections (the request waits for the longer, the count, not for both).
    const [total, rows] = pageCounts
      ? [null, await this.sql.run<InboxRow>(page, params)]
      : await Promise.all([counted(), this.sql.run<InboxRow>(page, params)]);
    const warnBeforeMs = this.config.timing.warnBeforeMs;
    const items = rows.map((row) =>
      taskView(row, { title: row.findingTitle, code: row.findingCode }, now, warnBeforeMs),
    );
    if (total !== null) return { items, total };
    // The page's rows carry the total; an empty page carries none: none match at all on the
    // first page, and past the last one they are counted apart.
    if (rows.length > 0) return { items, total: Number(rows[0].total) };
    return { items, total: params.offset ? await counted() : 0 };
  }

  /** The counts by kind and overdue, under the same round, unit and search as the list. */
  async counts(
    actor: Actor,
    query: InboxCountsQueryDto = new InboxCountsQueryDto(),
  ): Promise<InboxCounts> {
    const filters = { roundId: query.roundId, unitId: query.unitId, q: query.q };
    const { counts } = this.sql.statements(actor, filters);
    const params: InboxParams = {
      ...callerParams(actor, new Date()),
      roundId: query.roundId,
      unitId: query.unitId,
      q: query.q ? likePattern(query.q) : undefined,
    };
    const rows = await this.sql.run<{
      kind: TaskKind;
      n: string | number;
      overdue: string | number | null;
    }>(counts, params);
    const byKind: Partial<Record<TaskKind, number>> = {};
    let total = 0;
    let overdue = 0;
    for (const r of rows) {
      byKind[r.kind] = Number(r.n);
      total += Number(r.n);
      overdue += Number(r.overdue ?? 0);
    }
    return { total, overdue, byKind };
  }
}
