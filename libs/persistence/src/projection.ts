import { In, IsNull, LessThan, Not, Or, type EntityManager } from 'typeorm';
import { inChunks } from '@rectiflow/batching';
import type { NoticeRecipients, NoticeSpec, ProjectionBatch, TaskRow } from '@rectiflow/contracts';
import { appendAuditEvents, type AuditEventInput } from './audit-log';
import { insertRows, type OnConflict } from './bound-insert';
import {
  ContributionEntity,
  SupervisionOrderEntity,
  EscalationEntity,
  FindingEntity,
  LookBackEntity,
  MeasureEntity,
  NotificationEntity,
  ReviewEntity,
  RoundEntity,
  StageReportEntity,
  TaskEntity,
  TaskDraftEntity,
  UserEntity,
} from './entities';

export function taskEntityFromRow(row: TaskRow, unitId: string): TaskEntity {
  const { roles, ...rest } = row;
  return { ...rest, unitId, role: roles[0], role2: roles[1] ?? null };
}

/**
 * Which unit a finding's rows belong to: its round's. Workflows know nothing of units (their
 * histories began before units existed); the read model files every row it writes. A round
 * never changes unit, so the answer is cached per process.
 */
const unitOfRound = new Map<string, string>();
const UNIT_CACHE_SIZE = 5000;

export async function unitOfRoundId(em: EntityManager, roundId: string): Promise<string> {
  const cached = unitOfRound.get(roundId);
  if (cached) return cached;
  const round = await em
    .getRepository(RoundEntity)
    .findOne({ select: ['id', 'unitId'], where: { id: roundId } });
  if (!round) throw new Error(`round ${roundId} does not exist`);
  if (unitOfRound.size >= UNIT_CACHE_SIZE) unitOfRound.clear();
  unitOfRound.set(roundId, round.unitId);
  return round.unitId;
}

/** The unit of a batch's finding: from a row that names its round, else from the finding. */
async function unitOfBatch(em: EntityManager, batch: ProjectionBatch): Promise<string | null> {
  for (const op of batch.ops) {
    if (op.op === 'finding' || op.op === 'task') return unitOfRoundId(em, op.row.roundId);
  }
  const finding = await em
    .getRepository(FindingEntity)
    .findOne({ select: ['id', 'roundId'], where: { id: batch.findingId } });
  return finding ? unitOfRoundId(em, finding.roundId) : null;
}

/**
 * Whether a numbered batch is newer than every batch its finding's row has taken, and if so
 * records it as the newest. The update locks the row, so another batch of the same finding
 * waits for this transaction and then compares against the number it wrote. Answers 'no-row'
 * when the finding has no row yet (the batch that creates it).
 */
async function takeBatchSeq(
  em: EntityManager,
  findingId: string,
  seq: number,
): Promise<'newer' | 'stale' | 'no-row'> {
  const findings = em.getRepository(FindingEntity);
  const taken = await findings.update(
    { id: findingId, projectedSeq: Or(IsNull(), LessThan(String(seq))) },
    { projectedSeq: String(seq) },
  );
  if (taken.affected) return 'newer';
  return (await findings.exists({ where: { id: findingId } })) ? 'stale' : 'no-row';
}

/**
 * Makes the read model match a batch of a workflow's projection ops, inside the caller's
 * transaction. Every write is idempotent (upserts, insert-or-ignore, audit events keyed by id),
 * so applying a batch again changes nothing twice. The projection activity's write; findings
 * being created use applyCreationProjections below. Answers the notifications it inserted, or
 * that the batch was stale.
 *
 * A numbered batch (`seq`) no newer than one the finding already took is skipped whole. The
 * same number: a retry of a batch that committed (its answer was lost). A lower one: an
 * attempt that outlived its workflow task (a local activity whose task timed out, or whose
 * worker lost the task while the database was away, still commits when the database answers),
 * whose snapshots would take the finding's row and tasks back to an earlier step; its events
 * and notices are those of a batch already applied under a higher number, or of a step whose
 * workflow task never reached the history: either way not to be written again.
 */
export async function applyProjectionOps(
  em: EntityManager,
  batch: ProjectionBatch,
): Promise<{ stale: boolean; notifications: NotificationEntity[] }> {
  const seq = batch.seq;
  const taken = seq === undefined ? null : await takeBatchSeq(em, batch.findingId, seq);
  if (taken === 'stale') return { stale: true, notifications: [] };
  const notifications = await applyOps(em, batch);
  if (taken === 'no-row') {
    await em
      .getRepository(FindingEntity)
      .update({ id: batch.findingId }, { projectedSeq: String(seq) });
  }
  return { stale: false, notifications };
}

const UPSERT_BY_ID: OnConflict = { columns: ['id'], action: 'update' };
const IGNORE_EXISTING: OnConflict = { action: 'ignore' };

async function applyOps(em: EntityManager, batch: ProjectionBatch): Promise<NotificationEntity[]> {
  const events: AuditEventInput[] = [];
  const notices: NoticeSpec[] = [];
  const unitId = await unitOfBatch(em, batch);
  for (const op of batch.ops) {
    switch (op.op) {
      case 'finding':
        await insertRows(
          em,
          FindingEntity,
          [{ ...op.row, unitId: unitId ?? (await unitOfRoundId(em, op.row.roundId)) }],
          UPSERT_BY_ID,
        );
        break;
      case 'task':
        await insertRows(
          em,
          TaskEntity,
          [taskEntityFromRow(op.row, unitId ?? (await unitOfRoundId(em, op.row.roundId)))],
          UPSERT_BY_ID,
        );
        // A draft ends with its task: the step was taken (or will never be).
        if (op.row.status === 'done' || op.row.status === 'cancelled')
          await em.getRepository(TaskDraftEntity).delete({ taskId: op.row.id });
        break;
      case 'measures': {
        const keep = op.rows.map((m) => m.id);
        await em.getRepository(MeasureEntity).delete({
          findingId: op.findingId,
          cycle: op.cycle,
          ...(keep.length > 0 ? { id: Not(In(keep)) } : {}),
        });
        await insertRows(em, MeasureEntity, op.rows, UPSERT_BY_ID);
        break;
      }
      case 'review':
        await insertRows(em, ReviewEntity, [op.row], IGNORE_EXISTING);
        break;
      case 'stageReport':
        await insertRows(em, StageReportEntity, [op.row], IGNORE_EXISTING);
        break;
      case 'lookBack':
        await insertRows(em, LookBackEntity, [op.row], IGNORE_EXISTING);
        break;
      case 'contribution':
        await insertRows(em, ContributionEntity, [op.row], IGNORE_EXISTING);
        break;
      case 'supervisionOrder':
        await insertRows(em, SupervisionOrderEntity, [op.row], UPSERT_BY_ID);
        break;
      case 'escalation':
        await insertRows(em, EscalationEntity, [op.row], UPSERT_BY_ID);
        break;
      case 'notice':
        notices.push(op.notice);
        break;
      case 'event':
        events.push({ ...op.event, eventId: op.event.id, unitId });
        break;
    }
  }
  const created = await insertNotifications(em, notices, () => unitId);
  await appendAuditEvents(em, events);
  return created;
}

/**
 * Writes each notice once per recipient. Roles name people of the finding's unit only (a
 * unit's supervisor, its committee…), never another unit's.
 */
async function insertNotifications(
  em: EntityManager,
  notices: NoticeSpec[],
  unitOf: (notice: NoticeSpec) => string | null,
): Promise<NotificationEntity[]> {
  if (notices.length === 0) return [];
  // A unit's user list is small; resolving roles in code keeps the roles column a plain JSON
  // list on both databases.
  const users = await em
    .getRepository(UserEntity)
    .find({ select: ['id', 'roles', 'departmentId', 'unitId'] });
  const rows: NotificationEntity[] = [];
  for (const n of notices) {
    const unitId = unitOf(n);
    const ofUnit = users.filter((u) => u.unitId === unitId);
    for (const userId of resolveRecipients(ofUnit, n.to)) {
      rows.push({
        id: `${n.id}:${userId}`,
        noticeId: n.id,
        userId,
        unitId,
        kind: n.kind,
        code: n.code ?? null,
        params: n.params ?? null,
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
  const fresh: NotificationEntity[] = [];
  for (const batch of inChunks(rows, ROWS_PER_STATEMENT)) {
    const existing = await em.getRepository(NotificationEntity).find({
      select: ['id'],
      where: { id: In(batch.map((r) => r.id)) },
    });
    const seen = new Set(existing.map((r) => r.id));
    const unseen = batch.filter((r) => !seen.has(r.id));
    await insertRows(em, NotificationEntity, unseen);
    fresh.push(...unseen);
  }
  return fresh;
}

/**
 * Rows per multi-row statement: well inside SQLite's 32,766 and PostgreSQL's 65,535 bound
 * parameters for the widest table (findings, about 25 columns).
 */
const ROWS_PER_STATEMENT = 200;

/**
 * The first projections of findings created in the caller's transaction (the API's creating
 * transaction: one finding or a whole imported round), written a table at a time with
 * multi-row inserts rather than finding by finding: a 1,000-finding import is a few dozen
 * statements instead of several thousand. Only the ops a new finding's first state has are
 * accepted (finding, task, measures, notice, event), and their rows must not exist yet. For
 * the same row id the last op wins, as when applied one by one. Answers the notifications
 * inserted.
 */
export async function applyCreationProjections(
  em: EntityManager,
  batches: ProjectionBatch[],
): Promise<NotificationEntity[]> {
  const findings = new Map<string, FindingEntity>();
  const tasks = new Map<string, TaskEntity>();
  const measures = new Map<string, MeasureEntity[]>();
  const notices: NoticeSpec[] = [];
  const events: AuditEventInput[] = [];
  const unitOfFinding = new Map<string, string | null>();
  for (const batch of batches) {
    const unitId = await unitOfBatch(em, batch);
    unitOfFinding.set(batch.findingId, unitId);
    for (const op of batch.ops) {
      switch (op.op) {
        case 'finding':
          findings.set(op.row.id, {
            ...op.row,
            unitId: unitId as string,
            halted: false,
            resumedAt: null,
            withdrawn: op.row.withdrawn ?? false,
            withdrawnReason: op.row.withdrawnReason ?? null,
            withheld: false,
            withheldReason: null,
            // A finding being created has no escalation record yet.
            escalatedOnce: false,
          });
          break;
        case 'task':
          tasks.set(op.row.id, taskEntityFromRow(op.row, unitId as string));
          break;
        case 'measures':
          measures.set(`${op.findingId}:${op.cycle}`, op.rows);
          break;
        case 'notice':
          notices.push(op.notice);
          break;
        case 'event':
          events.push({ ...op.event, eventId: op.event.id, unitId });
          break;
        default:
          throw new Error(`a new finding's first projection cannot hold a "${op.op}" op`);
      }
    }
  }
  for (const rows of inChunks([...findings.values()], ROWS_PER_STATEMENT))
    await em.getRepository(FindingEntity).insert(rows);
  for (const rows of inChunks([...measures.values()].flat(), ROWS_PER_STATEMENT))
    await em.getRepository(MeasureEntity).insert(rows);
  for (const rows of inChunks([...tasks.values()], ROWS_PER_STATEMENT))
    await em.getRepository(TaskEntity).insert(rows);
  const created = await insertNotifications(
    em,
    notices,
    (n) => unitOfFinding.get(n.findingId) ?? null,
  );
  for (const batch of inChunks(events, 1000)) await appendAuditEvents(em, batch);
  return created;
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
