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
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  isGrpcDeadlineError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import ms from 'ms';
import type { AppConfig } from '@rectiflow/config';
import { FAILURE } from '@rectiflow/contracts';
import { separationOfDutiesException } from '../auth/separation-of-duties';
import { APP_CONFIG } from '../config/config.module';

class StepTimeoutError extends Error {}

/**
 * Every call the API makes to Temporal goes through here: bounded by UPDATE_TIMEOUT, and a
 * refusal or an outage turned into the HTTP status API.md names.
 */
@Injectable()
export class TemporalCalls {
  constructor(
    private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Runs `fn` against Temporal; Temporal down, or no answer within UPDATE_TIMEOUT (no worker,
   * the read model unreachable), is a 503. Such a step is not lost: it is recorded once the
   * worker can, and a retry with the same Idempotency-Key gets its answer.
   */
  async bounded<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await withinDeadline(
        this.client,
        ms(this.config.env.UPDATE_TIMEOUT as ms.StringValue),
        fn,
      );
    } catch (err) {
      throw toHttpError(err);
    }
  }
}

/**
 * Runs `fn` against Temporal, given up after `timeoutMs`. The client retries an unreachable
 * server for a long while on its own, whatever the gRPC deadline says; the abort stops that, the
 * race bounds the wait (rejecting with a StepTimeoutError, which toHttpError answers with 503).
 */
export async function withinDeadline<T>(
  client: Client,
  timeoutMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new StepTimeoutError());
    }, timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([client.withAbortSignal(abort.signal, fn), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

export function toHttpError(err: unknown): Error {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const { type, message } = err.cause;
    switch (type) {
      case FAILURE.forbidden:
        return new ForbiddenException(message);
      case FAILURE.separationOfDuties:
        return separationOfDutiesException(message);
      case FAILURE.conflict: {
        // A refusal with a stable word of its own (look_back_open, …) answers with it.
        const detail: unknown = err.cause.details?.[0];
        const code =
          detail &&
          typeof detail === 'object' &&
          typeof (detail as { code?: unknown }).code === 'string'
            ? (detail as { code: string }).code
            : null;
        return code
          ? new ConflictException({ statusCode: 409, error: 'Conflict', code, message })
          : new ConflictException(message);
      }
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
