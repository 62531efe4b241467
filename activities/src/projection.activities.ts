import { In, Not, type DataSource, type EntityManager } from 'typeorm';
import type { NoticeRecipients, NoticeSpec, ProjectionBatch, TaskRow } from '@rectiflow/contracts';
import {
  EscalationEntity,
  FindingEntity,
  LookBackEntity,
  MeasureEntity,
  NotificationEntity,
  ReviewEntity,
  StageReportEntity,
  TaskEntity,
  UserEntity,
  appendAuditEvents,
  writeTransaction,
  type AuditEventInput,
} from '@rectiflow/persistence';

export interface ProjectionDeps {
  dataSource: DataSource;
  /** Whether notices are e-mailed (a mailer is configured); tells the workflow to skip mail. */
  mailEnabled?: boolean;
}

/** What a projection tells the workflow. */
export interface ProjectionResult {
  /** False when no mailer is configured: the workflow then schedules no mail activity. */
  mail: boolean;
}

export interface ProjectionActivities {
  /**
   * Makes the read model match the workflow's state: one transaction per batch, and every
   * write idempotent (upserts, insert-or-ignore, audit events keyed by id), so a retried
   * activity changes nothing twice.
   */
  applyProjection(batch: ProjectionBatch): Promise<ProjectionResult>;
}

export function createProjectionActivities(deps: ProjectionDeps): ProjectionActivities {
  return {
    async applyProjection(batch) {
      // E-mail is a separate activity (deliverNoticeEmails) the workflow runs after this one
      // commits, so a mail server outage never holds up a step.
      await writeTransaction(deps.dataSource, (em) => applyOps(em, batch));
      return { mail: deps.mailEnabled ?? true };
    },
  };
}

export function taskEntityFromRow(row: TaskRow): TaskEntity {
  const { roles, ...rest } = row;
  return { ...rest, role: roles[0], role2: roles[1] ?? null };
}

async function applyOps(em: EntityManager, batch: ProjectionBatch): Promise<NotificationEntity[]> {
  const events: AuditEventInput[] = [];
  const notices: NoticeSpec[] = [];
  for (const op of batch.ops) {
    switch (op.op) {
      case 'finding':
        await em.getRepository(FindingEntity).upsert(op.row, ['id']);
        break;
      case 'task':
        await em.getRepository(TaskEntity).upsert(taskEntityFromRow(op.row), ['id']);
        break;
      case 'measures': {
        const keep = op.rows.map((m) => m.id);
        await em.getRepository(MeasureEntity).delete({
          findingId: op.findingId,
          cycle: op.cycle,
          ...(keep.length > 0 ? { id: Not(In(keep)) } : {}),
        });
        if (op.rows.length > 0) await em.getRepository(MeasureEntity).upsert(op.rows, ['id']);
        break;
      }
      case 'review':
        await em
          .createQueryBuilder()
          .insert()
          .into(ReviewEntity)
          .values(op.row)
          .orIgnore()
          .execute();
        break;
      case 'stageReport':
        await em
          .createQueryBuilder()
          .insert()
          .into(StageReportEntity)
          .values(op.row)
          .orIgnore()
          .execute();
        break;
      case 'lookBack':
        await em
          .createQueryBuilder()
          .insert()
          .into(LookBackEntity)
          .values(op.row)
          .orIgnore()
          .execute();
        break;
      case 'escalation':
        await em.getRepository(EscalationEntity).upsert(op.row, ['id']);
        break;
      case 'notice':
        notices.push(op.notice);
        break;
      case 'event':
        events.push({ ...op.event, eventId: op.event.id });
        break;
    }
  }
  const created = await insertNotifications(em, notices);
  await appendAuditEvents(em, events);
  return created;
}

async function insertNotifications(
  em: EntityManager,
  notices: NoticeSpec[],
): Promise<NotificationEntity[]> {
  if (notices.length === 0) return [];
  // The organisation's user list is small; resolving roles in code keeps the roles column a
  // plain JSON list on both databases.
  const users = await em
    .getRepository(UserEntity)
    .find({ select: ['id', 'roles', 'departmentId'] });
  const rows: NotificationEntity[] = [];
  for (const n of notices) {
    for (const userId of resolveRecipients(users, n.to)) {
      rows.push({
        id: `${n.id}:${userId}`,
        noticeId: n.id,
        userId,
        kind: n.kind,
        findingId: n.findingId,
        taskId: n.taskId,
        title: n.title,
        body: n.body,
        createdAt: n.at,
        readAt: null,
        emailedAt: null,
      });
    }
  }
  if (rows.length === 0) return [];
  const existing = await em.getRepository(NotificationEntity).find({
    select: ['id'],
    where: { id: In(rows.map((r) => r.id)) },
  });
  const seen = new Set(existing.map((r) => r.id));
  const fresh = rows.filter((r) => !seen.has(r.id));
  if (fresh.length > 0) await em.getRepository(NotificationEntity).insert(fresh);
  return fresh;
}

export function resolveRecipients(
  users: Pick<UserEntity, 'id' | 'roles' | 'departmentId'>[],
  groups: NoticeRecipients[],
): string[] {
  const ids = new Set<string>();
  for (const g of groups) {
    for (const id of g.userIds ?? []) ids.add(id);
    if (!g.roles?.length) continue;
    for (const u of users) {
      if (!u.roles.some((r) => g.roles?.includes(r))) continue;
      if (
        g.departmentId !== undefined &&
        g.departmentId !== null &&
        u.departmentId !== g.departmentId
      )
        continue;
      ids.add(u.id);
    }
  }
  return [...ids];
}
