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
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  isGrpcServiceError,
  isGrpcDeadlineError,
} from '@temporalio/client';
import ms from 'ms';
import { DataSource } from 'typeorm';
import { ApplicationFailure } from '@temporalio/common';
import type { AppConfig } from '@rectiflow/config';
import {
  FAILURE,
  claimTaskUpdate,
  completeTaskUpdate,
  findingWorkflowId,
  releaseTaskUpdate,
  type CompleteTaskArgs,
  type FindingWorkflowInput,
  type StepResult,
  type TaskActionArgs,
} from '@rectiflow/contracts';
import type { findingWorkflow } from '@rectiflow/workflows';
import { WorkflowOutboxEntity } from '@rectiflow/persistence';
import { APP_CONFIG } from '../config/config.module';

class StepTimeoutError extends Error {}

/** The API's only way to change a finding: Temporal Updates on its workflow. */
@Injectable()
export class FindingWorkflowClient {
  constructor(
    private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Starts a finding's workflow from the first state its creating transaction wrote, and
   * answers once Temporal has recorded the start. Harmless to repeat (the outbox sweep may):
   * a run of it already going is kept, and one that has already ended is never started again
   * from that first state.
   */
  async startCreated(findingId: string, input: FindingWorkflowInput): Promise<void> {
    await this.call(() => this.start(findingId, input));
  }

  complete(findingId: string, args: CompleteTaskArgs, updateId: string): Promise<StepResult> {
    return this.call(() =>
      this.onFinding(findingId, () =>
        this.client.workflow
          .getHandle(findingWorkflowId(findingId))
          .executeUpdate(completeTaskUpdate, { args: [args], updateId }),
      ),
    );
  }

  claim(findingId: string, args: TaskActionArgs): Promise<StepResult> {
    return this.call(() =>
      this.onFinding(findingId, () =>
        this.client.workflow
          .getHandle(findingWorkflowId(findingId))
          .executeUpdate(claimTaskUpdate, { args: [args] }),
      ),
    );
  }

  release(findingId: string, args: TaskActionArgs): Promise<StepResult> {
    return this.call(() =>
      this.onFinding(findingId, () =>
        this.client.workflow
          .getHandle(findingWorkflowId(findingId))
          .executeUpdate(releaseTaskUpdate, { args: [args] }),
      ),
    );
  }

  private async start(findingId: string, input: FindingWorkflowInput): Promise<void> {
    try {
      await this.client.workflow.start<typeof findingWorkflow>('findingWorkflow', {
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
  }

  /**
   * A step on a finding whose workflow does not run yet, because the API that created it
   * stopped before starting it (its outbox row is still there), starts it from that row and
   * is sent again, rather than waiting for the outbox sweep.
   */
  private async onFinding<T>(findingId: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      const pending = await this.dataSource
        .getRepository(WorkflowOutboxEntity)
        .findOneBy({ findingId, action: 'start' });
      if (!pending) throw err;
      await this.start(findingId, JSON.parse(pending.input) as FindingWorkflowInput);
      return step();
    }
  }

  /**
   * Turns a refused update into the HTTP status API.md names; Temporal down, or a step not
   * answered within UPDATE_TIMEOUT (no worker, the read model unreachable), into 503. Such a
   * step is not lost: it is recorded once the worker can, and a retry with the same
   * Idempotency-Key gets its answer.
   */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    // The client retries an unreachable server for a long while on its own, whatever the gRPC
    // deadline says; the abort stops that, the race bounds the wait.
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          abort.abort();
          reject(new StepTimeoutError());
        },
        ms(this.config.env.UPDATE_TIMEOUT as ms.StringValue),
      );
    });
    try {
      return await Promise.race([this.client.withAbortSignal(abort.signal, fn), timedOut]);
    } catch (err) {
      throw toHttpError(err);
    } finally {
      clearTimeout(timer);
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
  if (err instanceof WorkflowNotFoundError)
    return new ConflictException('the finding is no longer running');
  if (err instanceof StepTimeoutError || isGrpcDeadlineError(err)) {
    return new ServiceUnavailableException(
      'the workflow service (Temporal) did not answer in time; try again with the same Idempotency-Key',
    );
  }
  if (isUnreachable(err)) {
    return new ServiceUnavailableException(
      'the workflow service (Temporal) is unavailable; try again',
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}

// gRPC statuses that mean "the service could not be reached or did not answer": CANCELLED,
// DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE.
const UNREACHABLE_CODES = new Set([1, 4, 8, 10, 14]);

/** The client's ServiceError wraps the gRPC error as its cause; look through the chain. */
function isUnreachable(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 4) return false;
  if (isGrpcServiceError(err) && UNREACHABLE_CODES.has(err.code)) return true;
  if (/ECONNREFUSED|UNAVAILABLE|DEADLINE|No connection established/i.test(err.message)) return true;
  return isUnreachable(err.cause, depth + 1);
}
