import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  Client,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { AppConfig } from '@rectiflow/config';
import {
  FAILURE,
  claimTaskUpdate,
  completeTaskUpdate,
  findingWorkflowId,
  readyUpdate,
  releaseTaskUpdate,
  type CompleteTaskArgs,
  type NewFinding,
  type StepResult,
  type TaskActionArgs,
} from '@rectiflow/contracts';
import type { findingWorkflow } from '@rectiflow/workflows';
import { APP_CONFIG } from '../config/config.module';

/** The API's only way to change a finding: Temporal Updates on its workflow. */
@Injectable()
export class FindingWorkflowClient {
  constructor(
    private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Starts the finding's workflow (harmless if it already runs) and answers once its first
   * projection, and so its first task, is in the read model.
   */
  async start(finding: NewFinding): Promise<StepResult> {
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof findingWorkflow>('findingWorkflow', {
      workflowId: findingWorkflowId(finding.id),
      taskQueue: this.config.env.TEMPORAL_TASK_QUEUE,
      args: [{ kind: 'new', finding, timing: this.config.timing, createdAt: new Date().toISOString() }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return this.call(() => this.client.workflow.executeUpdateWithStart(readyUpdate, { startWorkflowOperation }));
  }

  complete(findingId: string, args: CompleteTaskArgs, updateId: string): Promise<StepResult> {
    return this.call(() =>
      this.client.workflow.getHandle(findingWorkflowId(findingId)).executeUpdate(completeTaskUpdate, { args: [args], updateId }),
    );
  }

  claim(findingId: string, args: TaskActionArgs): Promise<StepResult> {
    return this.call(() => this.client.workflow.getHandle(findingWorkflowId(findingId)).executeUpdate(claimTaskUpdate, { args: [args] }));
  }

  release(findingId: string, args: TaskActionArgs): Promise<StepResult> {
    return this.call(() => this.client.workflow.getHandle(findingWorkflowId(findingId)).executeUpdate(releaseTaskUpdate, { args: [args] }));
  }

  /** Turns a refused update into the HTTP status API.md names; Temporal down into 503. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toHttpError(err);
    }
  }
}

export function toHttpError(err: unknown): Error {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const { type, message } = err.cause;
    switch (type) {
      case FAILURE.forbidden:
        return new ForbiddenException(message);
      case FAILURE.conflict:
        return new ConflictException(message);
      case FAILURE.invalid:
        return new BadRequestException([message]);
      case FAILURE.notFound:
        return new NotFoundException(message);
    }
  }
  if (err instanceof WorkflowNotFoundError) return new ConflictException('the finding is no longer running');
  if (isGrpcServiceError(err) || (err instanceof Error && /connect|UNAVAILABLE|DEADLINE/i.test(err.message))) {
    return new ServiceUnavailableException('the workflow service (Temporal) is unavailable; try again');
  }
  return err instanceof Error ? err : new Error(String(err));
}
