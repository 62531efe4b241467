import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { AppConfig } from '@rectiflow/config';
import {
  FINDING_WORKFLOW_TYPE,
  findingWorkflowId,
  type FindingWorkflow,
  type FindingWorkflowInput,
} from '@rectiflow/contracts';
import { APP_CONFIG } from '../config/config.module';
import { TemporalCalls } from './temporal-calls';

/** The one place finding workflows are started. */
@Injectable()
export class WorkflowStarter {
  constructor(
    private readonly client: Client,
    private readonly calls: TemporalCalls,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Starts a finding's workflow from the first state its creating transaction wrote, and
   * answers once Temporal has recorded the start. Harmless to repeat (the outbox sweep may):
   * a run of it already going is kept, and one that has already ended is never started again
   * from that first state.
   */
  async start(findingId: string, input: FindingWorkflowInput): Promise<void> {
    await this.calls.bounded(async () => {
      try {
        await this.client.workflow.start<FindingWorkflow>(FINDING_WORKFLOW_TYPE, {
          workflowId: findingWorkflowId(findingId),
          taskQueue: this.config.env.TEMPORAL_TASK_QUEUE,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return;
        throw err;
      }
    });
  }
}
