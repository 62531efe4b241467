import { Inject, Injectable } from '@nestjs/common';
import { Brackets, DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import { isDepartmentScoped, type Actor } from '@rectiflow/domain';
import { TaskEntity } from '@rectiflow/persistence';
import { APP_CONFIG } from '../config/config.module';
import { taskView } from '../findings/finding-views';
import type { InboxQueryDto } from './dto/inbox-query.dto';

/**
 * The inbox is plain SQL over the tasks table: open tasks of any of the caller's roles
 * (department roles only in the caller's department, personal steps only for their person)
 * and tasks the caller has claimed.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private base(actor: Actor, query: Pick<InboxQueryDto, 'kind' | 'roundId'>): SelectQueryBuilder<TaskEntity> {
    const qb = this.dataSource.getRepository(TaskEntity).createQueryBuilder('t');
    qb.where(
      new Brackets((outer) => {
        outer.where(
          new Brackets((open) => {
            open.where(`t.status = 'open'`).andWhere('(t.targetUserId IS NULL OR t.targetUserId = :me)', { me: actor.userId });
            open.andWhere(
              new Brackets((roles) => {
                actor.roles.forEach((role, i) => {
                  const clause = isDepartmentScoped(role)
                    ? `((t.role = :r${i} OR t.role2 = :r${i}) AND t.departmentId = :dept)`
                    : `(t.role = :r${i} OR t.role2 = :r${i})`;
                  roles.orWhere(clause, { [`r${i}`]: role, dept: actor.departmentId ?? '-' });
                });
                if (actor.roles.length === 0) roles.where('1 = 0');
              }),
            );
          }),
        ).orWhere(`(t.status = 'claimed' AND t.assigneeId = :me)`, { me: actor.userId });
      }),
    );
    if (query.kind) qb.andWhere('t.kind = :kind', { kind: query.kind });
    if (query.roundId) qb.andWhere('t.roundId = :roundId', { roundId: query.roundId });
    return qb;
  }

  async list(actor: Actor, query: InboxQueryDto) {
    const now = new Date();
    // Count and pick the page's ids on the tasks table alone (idx_tasks_inbox_cover holds every
    // column they read), then join the findings for that page only: joining first would read
    // every matching task row and its finding just to count and sort them.
    const matching = this.base(actor, query);
    if (query.overdue) matching.andWhere('t.dueAt < :now', { now: now.toISOString() });
    const counted = await matching.clone().select('COUNT(*)', 'n').getRawOne<{ n: string | number }>();
    const total = Number(counted?.n ?? 0);
    const pageIds = inboxOrder(matching.clone().select('t.id'))
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize);
    const { entities, raw } = await inboxOrder(
      this.dataSource
        .getRepository(TaskEntity)
        .createQueryBuilder('t')
        .innerJoin('findings', 'f', 'f.id = t.findingId')
        .addSelect('f.title', 'findingTitle')
        .where(`t.id IN (${pageIds.getQuery()})`)
        .setParameters(pageIds.getParameters()),
    ).getRawAndEntities<{ findingTitle: string }>();
    const items = entities.map((t, i) => taskView(t, raw[i]?.findingTitle ?? '', now, this.config.timing.warnBeforeMs));
    return { items, total };
  }

  async counts(actor: Actor) {
    const now = new Date().toISOString();
    const rows = await this.base(actor, {})
      .select('t.kind', 'kind')
      .addSelect('COUNT(*)', 'n')
      .addSelect(`SUM(CASE WHEN t.dueAt < :now THEN 1 ELSE 0 END)`, 'overdue')
      .setParameter('now', now)
      .groupBy('t.kind')
      .getRawMany<{ kind: string; n: string | number; overdue: string | number | null }>();
    const byKind: Record<string, number> = {};
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

/** Due first (none last), then oldest first. */
function inboxOrder<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return qb
    .orderBy('CASE WHEN t.dueAt IS NULL THEN 1 ELSE 0 END', 'ASC')
    .addOrderBy('t.dueAt', 'ASC')
    .addOrderBy('t.createdAt', 'ASC');
}
