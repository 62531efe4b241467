import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { ProjectionBatch } from '@rectiflow/contracts';
import { applyProjectionOps, writeTransaction } from '@rectiflow/persistence';

export interface ProjectionDeps {
  dataSource: DataSource;
  /** Whether notices are e-mailed (a mailer is configured); tells the workflow to skip mail. */
  mailEnabled?: boolean;
}

/** What a projection tells the workflow. */
export interface ProjectionResult {
  /** False when no mailer is configured: the workflow then schedules no mail activity. */
  mail: boolean;
  /**
   * True when the finding's row had already taken this batch or a newer one, so nothing was
   * written (see applyProjectionOps).
   */
  stale?: boolean;
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
      const { stale } = await writeTransaction(deps.dataSource, (em) =>
        applyProjectionOps(em, batch),
      );
      const mail = deps.mailEnabled ?? true;
      if (!stale) return { mail };
      // This batch committed already (an attempt whose answer was lost), or a newer one did.
      // Mail stays as configured: mailing skips notices already e-mailed.
      log.warn('projection batch not applied: its finding has taken it or a newer one', {
        findingId: batch.findingId,
        seq: batch.seq,
      });
      return { mail, stale: true };
    },
  };
}
