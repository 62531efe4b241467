import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type {
  Decision,
  EscalationAction,
  InboxTaskKind,
  Role,
  Stage,
  TaskKind,
  TaskStatus,
  WithholdReason,
} from '@rectiflow/domain';
import {
  BoolColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  NameColumn,
  TextColumn,
  TimeColumn,
} from '../columns';

/** The columns the dashboard's and trend's aggregates read besides the three leading ones. */
const DASHBOARD_COVERED = [
  'withdrawn',
  'roundId',
  'responsibleLeaderId',
  'nextDueAt',
  'dueAt',
  'closedAt',
  'createdAt',
  'escalationLevel',
  'longTerm',
  'sentBackCount',
  'accountabilityCount',
  'id',
];

/** 反馈问题: written by its workflow (the projection activity), first by the transaction that creates it. */
@Entity('findings')
@Index(['roundId', 'seq'])
// The dashboard's aggregates read these three alone (covering; migration 1770200000000).
@Index('idx_findings_stage_cover', ['stage', 'unitId', 'leadDepartmentId', ...DASHBOARD_COVERED])
@Index('idx_findings_lead_cover', ['leadDepartmentId', 'stage', 'unitId', ...DASHBOARD_COVERED])
@Index('idx_findings_unit_cover', ['unitId', 'stage', 'leadDepartmentId', ...DASHBOARD_COVERED])
// The red and yellow lights of all rounds: findings due before the warning window ends (1770500000000).
@Index('idx_findings_due_cover', [
  'nextDueAt',
  'withdrawn',
  'stage',
  'unitId',
  'leadDepartmentId',
  'responsibleLeaderId',
])
// The same lights per stage and leader, and per lead department, each group's range read alone (1770700000000).
@Index('idx_findings_stage_leader_due', [
  'stage',
  'responsibleLeaderId',
  'nextDueAt',
  'withdrawn',
  'unitId',
])
@Index('idx_findings_department_due', [
  'leadDepartmentId',
  'nextDueAt',
  'withdrawn',
  'stage',
  'unitId',
])
export class FindingEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() roundId!: string;
  /** The round's unit, written by the projection from the round (never by the workflow). */
  @IdColumn() unitId!: string;
  @IdColumn({ nullable: true }) areaId!: string | null;
  @IdColumn({ nullable: true }) themeId!: string | null;
  @NameColumn() code!: string;
  @IntColumn() seq!: number;
  @TextColumn() title!: string;
  @TextColumn({ nullable: true }) areaTitle!: string | null;
  @TextColumn({ nullable: true }) themeTitle!: string | null;
  @NameColumn() stage!: Stage;
  @BoolColumn() longTerm!: boolean;
  @IdColumn({ nullable: true }) responsibleLeaderId!: string | null;
  @IdColumn({ nullable: true }) leadDepartmentId!: string | null;
  @JsonColumn() coDepartmentIds!: string[];
  @TimeColumn({ nullable: true }) dueAt!: string | null;
  @TimeColumn({ nullable: true }) nextDueAt!: string | null;
  @IntColumn() escalationLevel!: number;
  @IntColumn() cycle!: number;
  @IntColumn() sentBackCount!: number;
  @IntColumn() accountabilityCount!: number;
  @TimeColumn({ nullable: true }) closedAt!: string | null;
  @TextColumn({ nullable: true }) lastReport!: string | null;
  @TimeColumn() createdAt!: string;
  @TimeColumn() updatedAt!: string;
  /**
   * Its workflow was stopped outside the API (terminated, cancelled, reset); steps answer 409
   * until the office resumes it. Written by the API's halted-findings sweep, never projected.
   */
  @BoolColumn({ default: false }) halted!: boolean;
  /** When the office last resumed it (a run stopped before then is not a new halt). */
  @TimeColumn({ nullable: true }) resumedAt!: string | null;
  /** Withdrawn by the office (撤回): out of every inbox and open count, kept in the ledger. */
  @BoolColumn({ default: false }) withdrawn!: boolean;
  @TextColumn({ nullable: true }) withdrawnReason!: string | null;
  /**
   * Escalated at least once (an escalation record exists), whatever its level now: set by a
   * trigger on `escalations` (migration 1770500000000) for the kept dashboard sums, never by
   * the code. The projection's whole-row upsert leaves it alone (it names no such field).
   */
  @BoolColumn({ default: false }) escalatedOnce!: boolean;
  /**
   * Withheld from the public version of the progress report (不予公开), with one of the
   * recognised reasons (WITHHOLD_REASONS). Written by the API only, never projected.
   */
  @BoolColumn({ default: false }) withheld!: boolean;
  @NameColumn({ length: 40, nullable: true }) withheldReason!: WithholdReason | null;
  /**
   * The order number (ProjectionBatch.seq) of the newest projection batch applied: a batch
   * with a lower one is stale (an attempt that outlived its workflow task) and is not applied.
   * Null until the first numbered batch. Written by the projection only.
   */
  @Column({ type: 'bigint', nullable: true, select: false }) projectedSeq?: string | null;
}

/** 整改措施 of one cycle of a finding. */
@Entity('measures')
@Index(['findingId', 'cycle', 'seq'])
export class MeasureEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() findingId!: string;
  @IntColumn() cycle!: number;
  @IntColumn() seq!: number;
  @TextColumn() text!: string;
  @IdColumn({ nullable: true }) ownerDepartmentId!: string | null;
  @TimeColumn({ nullable: true }) dueAt!: string | null;
  @BoolColumn() done!: boolean;
}

/**
 * 待办: one human step. `role` is the first role that may act and `role2` the second (a
 * `review_3` is open to office and committee), kept as plain columns so the inbox query
 * stays an indexed lookup.
 */
@Entity('tasks')
// The inbox's page reads each role's tasks in its order (migration 1770600000000).
@Index('idx_tasks_inbox_role', ['status', 'role', 'departmentId', 'dueAt', 'createdAt', 'id'])
@Index('idx_tasks_inbox_role2', ['status', 'role2', 'departmentId', 'dueAt', 'createdAt', 'id'])
@Index('idx_tasks_assignee', ['assigneeId', 'status'])
@Index('idx_tasks_finding', ['findingId', 'status'])
// The inbox reads these alone, separation of duties included (migration 1770400000000).
@Index('idx_tasks_inbox_cover', [
  'status',
  'unitId',
  'departmentId',
  'role',
  'role2',
  'targetUserId',
  'kind',
  'findingId',
  'dueAt',
  'createdAt',
  'id',
])
export class TaskEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  /**
   * The finding whose workflow owns the step; null for a `public_comment` task, which no
   * workflow owns (the API writes it with its comment, public_comments.id = tasks.id).
   */
  @IdColumn({ nullable: true }) findingId!: string | null;
  @IdColumn() roundId!: string;
  /** The round's unit, written by the projection from the round (never by the workflow). */
  @IdColumn() unitId!: string;
  @NameColumn() kind!: InboxTaskKind;
  @NameColumn() role!: Role;
  @NameColumn({ nullable: true }) role2!: Role | null;
  @IdColumn({ nullable: true }) departmentId!: string | null;
  @IdColumn({ nullable: true }) targetUserId!: string | null;
  @IdColumn({ nullable: true }) assigneeId!: string | null;
  @NameColumn() status!: TaskStatus;
  @TimeColumn({ nullable: true }) dueAt!: string | null;
  @IntColumn() cycle!: number;
  @IdColumn({ nullable: true }) subjectTaskId!: string | null;
  @IntColumn() escalationLevel!: number;
  @TimeColumn() createdAt!: string;
  @TimeColumn({ nullable: true }) completedAt!: string | null;
  @IdColumn({ nullable: true }) completedBy!: string | null;
}

/** A step of a finding's workflow: every task but a `public_comment`. */
export type WorkflowTaskEntity = TaskEntity & { findingId: string; kind: TaskKind };

export function isWorkflowTask(task: TaskEntity): task is WorkflowTaskEntity {
  return task.findingId !== null && task.kind !== 'public_comment';
}

/** Every role that may act on a task, as the workflow's task row lists them. */
export function taskRoles(task: Pick<TaskEntity, 'role' | 'role2'>): Role[] {
  return task.role2 ? [task.role, task.role2] : [task.role];
}

/** 审核: one decision; level 0 is the leader's decision on the measures. */
@Entity('reviews')
@Index(['findingId', 'at'])
export class ReviewEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() findingId!: string;
  @IntColumn() cycle!: number;
  @IntColumn() level!: number;
  @NameColumn() decision!: Decision;
  @TextColumn({ nullable: true }) comment!: string | null;
  @IdColumn() reviewerId!: string;
  @TimeColumn() at!: string;
}

/** 督办: one late step's ladder; raising a level updates the same row. */
@Entity('escalations')
@Index(['findingId', 'createdAt'])
export class EscalationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() findingId!: string;
  @IdColumn() taskId!: string;
  @NameColumn() taskKind!: TaskKind;
  @IntColumn() level!: number;
  @NameColumn() status!: 'open' | 'resolved';
  @IdColumn({ nullable: true }) escalationTaskId!: string | null;
  @NameColumn({ nullable: true }) action!: EscalationAction | null;
  @TextColumn({ nullable: true }) comment!: string | null;
  @IdColumn({ nullable: true }) actorId!: string | null;
  @TimeColumn() createdAt!: string;
  @TimeColumn({ nullable: true }) resolvedAt!: string | null;
}

/** A long-term item's periodic progress report (阶段进展). */
@Entity('stage_reports')
@Index(['findingId', 'cycle', 'seq'])
export class StageReportEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() findingId!: string;
  @IntColumn() cycle!: number;
  @IntColumn() seq!: number;
  @TextColumn() report!: string;
  @JsonColumn() evidenceIds!: string[];
  @BoolColumn() finalStage!: boolean;
  @IdColumn() authorId!: string;
  @TimeColumn() at!: string;
}

/** 配合整改: what a co-operating department reported of its part; the id is its task's. */
@Entity('contributions')
@Index('idx_contributions_finding', ['findingId', 'cycle'])
export class ContributionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() findingId!: string;
  @IntColumn() cycle!: number;
  @IdColumn() departmentId!: string;
  @TextColumn() text!: string;
  @JsonColumn() evidenceIds!: string[];
  @IdColumn() authorId!: string;
  @TimeColumn() at!: string;
}

/** 督办单: an order to a department on a finding, its answer and its acceptance. */
@Entity('supervision_orders')
@Index('idx_supervision_orders_finding', ['findingId'])
@Index('idx_supervision_orders_status', ['status'])
export class SupervisionOrderEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() findingId!: string;
  @IntColumn() cycle!: number;
  @IdColumn() departmentId!: string;
  @TextColumn() requirement!: string;
  @TimeColumn() dueAt!: string;
  @NameColumn({ length: 16 }) status!: 'open' | 'answered' | 'accepted' | 'cancelled';
  @IdColumn({ nullable: true }) taskId!: string | null;
  @IdColumn() issuedBy!: string;
  @TimeColumn() issuedAt!: string;
  @TextColumn({ nullable: true }) answer!: string | null;
  @JsonColumn() evidenceIds!: string[];
  @IdColumn({ nullable: true }) answeredBy!: string | null;
  @TimeColumn({ nullable: true }) answeredAt!: string | null;
  @IntColumn() returnCount!: number;
  @TextColumn({ nullable: true }) returnComment!: string | null;
  @IdColumn({ nullable: true }) closedBy!: string | null;
  @TimeColumn({ nullable: true }) closedAt!: string | null;
}

/** 回头看: a post-closure check. */
@Entity('look_backs')
@Index(['findingId', 'at'])
export class LookBackEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() findingId!: string;
  @IntColumn() cycle!: number;
  @NameColumn() outcome!: 'holds' | 'relapsed';
  @TextColumn() comment!: string;
  @IdColumn() actorId!: string;
  @TimeColumn() at!: string;
}
