import { Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, JsonColumn, TimeColumn } from '../columns';

/**
 * A half-written step (measure plan, evidence report) saved by anyone who may act on the task,
 * one per task, overwritten by each save. Never a submission: the workflow knows nothing of it;
 * it is deleted when the task is done or cancelled (projection).
 */
@Entity('task_drafts')
export class TaskDraftEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) taskId!: string;
  @IdColumn() findingId!: string;
  @IdColumn() unitId!: string;
  @JsonColumn() body!: Record<string, unknown>;
  @IdColumn() savedBy!: string;
  @TimeColumn() savedAt!: string;
}
