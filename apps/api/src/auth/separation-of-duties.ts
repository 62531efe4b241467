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
  if (!WATCHED.includes(task.kind)) return;
  const done = await dataSource.getRepository(TaskEntity).find({
    select: ['kind', 'completedBy', 'completedAt'],
    where: RECORDED.map((kind) => ({ findingId: task.findingId, kind, status: 'done' as const })),
  });
  const refusal = separationOfDuties(dutiesFromHistory(done), task.kind, userId);
  if (refusal) throw separationOfDutiesException(refusal.message);
}
