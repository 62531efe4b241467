import { Entity, PrimaryColumn } from 'typeorm';
import { NameColumn, TextColumn, TimeColumn } from '../columns';

/**
 * What a creating transaction promised Temporal about a finding's workflow (an outbox row):
 * `start` is written with the finding and deleted once its workflow runs; `terminate` is
 * written when a failed creation is rolled back, and deleted once the workflow is gone. Rows an
 * API left behind (it stopped, or Temporal was down) are carried out by the next sweep
 * (apps/api WorkflowOutbox), so no finding stays without its workflow, and no rolled-back
 * finding keeps one.
 */
@Entity('workflow_outbox')
export class WorkflowOutboxEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) findingId!: string;
  @NameColumn() action!: 'start' | 'terminate';
  /** For `start`: the workflow's input (FindingWorkflowInput) as JSON; empty for `terminate`. */
  @TextColumn() input!: string;
  @TimeColumn() createdAt!: string;
}
