import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  UseInterceptors,
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import { finalize, type Observable } from 'rxjs';
import type { AppConfig } from '@rectiflow/config';
import type { AuthUser } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import { ApiDownload, type RouteErrors } from '../openapi/api-route.decorator';

/** 429 when the caller (or everyone) already has as many exports in flight as allowed. */
export class ExportBusyException extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    scope: 'user' | 'all',
  ) {
    super(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        code: 'export_busy',
        scope,
        message: `${scope === 'user' ? '您已有导出正在生成' : '正在生成的导出较多'}，请 ${retryAfterSeconds} 秒后再试 / ${scope === 'user' ? 'your earlier exports are still being built' : 'too many exports are being built'}: retry in ${retryAfterSeconds} s`,
        retryAfterSeconds,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/**
 * How many exports are in flight, per user and in all, against EXPORT_CONCURRENCY_PER_USER and
 * EXPORT_CONCURRENCY (per API process). `Retry-After` is the recent typical export time: when
 * a slot is likely free again.
 */
@Injectable()
export class ExportSlots {
  private readonly perUser = new Map<string, number>();
  private total = 0;
  /** Seconds an export took lately (a moving average). */
  private typicalSeconds = 2;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get inFlight(): number {
    return this.total;
  }

  /** Takes a slot for `userId`, or throws ExportBusyException; the returned function frees it. */
  take(userId: string): () => void {
    const mine = this.perUser.get(userId) ?? 0;
    const retryAfter = Math.min(60, Math.max(1, Math.ceil(this.typicalSeconds)));
    if (mine >= this.config.env.EXPORT_CONCURRENCY_PER_USER)
      throw new ExportBusyException(retryAfter, 'user');
    if (this.total >= this.config.env.EXPORT_CONCURRENCY)
      throw new ExportBusyException(retryAfter, 'all');
    this.perUser.set(userId, mine + 1);
    this.total++;
    const started = performance.now();
    let freed = false;
    return () => {
      if (freed) return;
      freed = true;
      this.total--;
      const left = (this.perUser.get(userId) ?? 1) - 1;
      if (left > 0) this.perUser.set(userId, left);
      else this.perUser.delete(userId);
      const seconds = (performance.now() - started) / 1000;
      this.typicalSeconds = 0.7 * this.typicalSeconds + 0.3 * seconds;
    };
  }
}

/** Holds an export slot from the handler's start until its answer is sent (or it failed). */
@Injectable()
export class ExportSlotInterceptor implements NestInterceptor {
  constructor(private readonly slots: ExportSlots) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const user = http.getRequest<{ user?: AuthUser }>().user;
    let free: () => void;
    try {
      free = this.slots.take(user?.userId ?? 'anonymous');
    } catch (e) {
      if (e instanceof ExportBusyException)
        http.getResponse<Response>().setHeader('Retry-After', String(e.retryAfterSeconds));
      throw e;
    }
    return next.handle().pipe(finalize(() => free()));
  }
}

/**
 * A generated file download (`@ApiDownload`) that takes an export slot: at most
 * EXPORT_CONCURRENCY_PER_USER of one user's and EXPORT_CONCURRENCY in all at a time, 429 with
 * `Retry-After` (`code: "export_busy"`) beyond them.
 */
export function ExportDownload(doc: { summary: string; files: string[]; errors?: RouteErrors }) {
  return applyDecorators(
    ApiDownload({
      ...doc,
      errors: {
        429: 'Too many exports in flight, of the caller (EXPORT_CONCURRENCY_PER_USER) or in all (EXPORT_CONCURRENCY), `code: "export_busy"`: wait `Retry-After` seconds',
        ...doc.errors,
      },
    }),
    UseInterceptors(ExportSlotInterceptor),
  );
}
