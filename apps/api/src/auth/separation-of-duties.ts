import { ForbiddenException } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  dutiesFromHistory,
  REVIEW_KINDS,
  SEPARATION_OF_DUTIES_CODE,
  separationOfDuties,
  type TaskKind,
} from '@rectiflow/domain';
import { TaskEntity } from '@rectiflow/persistence';

/** 403 `code: "separation_of_duties"`; the message names the rule in Chinese and English. */
export function separationOfDutiesException(message: string): ForbiddenException {
  return new ForbiddenException({
    statusCode: 403,
    error: 'Forbidden',
    code: SEPARATION_OF_DUTIES_CODE,
    message,
  });
}

const WATCHED: readonly TaskKind[] = ['approve_measures', ...REVIEW_KINDS];
const RECORDED: TaskKind[] = ['draft_measures', 'submit_evidence', ...REVIEW_KINDS];

/**
 * The separation-of-duties rule on the read model, checked before the step is sent to the
 * workflow (whose validator applies the same rule to its own record): the cycle's record is
 * rebuilt from the finding's finished steps.
 */
export async function checkSeparationOfDuties(
  dataSource: DataSource,
  task: Pick<TaskEntity, 'findingId' | 'kind'>,
  userId: string,
): Promise<void> {
  // A public comment's task belongs to no finding: no duties to separate.
  const { findingId, kind } = task;
  if (findingId === null || kind === 'public_comment') return;
  if (!WATCHED.includes(kind)) return;
  // Only the RECORDED kinds are read, all of them a workflow's.
  const done = (await dataSource.getRepository(TaskEntity).find({
    select: ['kind', 'completedBy', 'completedAt'],
    where: RECORDED.map((k) => ({ findingId, kind: k, status: 'done' as const })),
  })) as (TaskEntity & { kind: TaskKind })[];
  const refusal = separationOfDuties(dutiesFromHistory(done), kind, userId);
  if (refusal) throw separationOfDutiesException(refusal.message);
}
