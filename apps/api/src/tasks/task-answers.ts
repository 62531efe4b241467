import type { DataSource } from 'typeorm';
import type { CompleteTaskAnswer } from '@rectiflow/contracts';
import { IdempotencyKeyEntity } from '@rectiflow/persistence';

/**
 * Keeps a completion's answer under its Idempotency-Key (scoped to the caller and the task), so
 * a repeat with the same key is answered with it; the first answer kept wins.
 */
export async function rememberAnswer(
  dataSource: DataSource,
  key: string,
  answer: CompleteTaskAnswer,
): Promise<void> {
  await dataSource
    .createQueryBuilder()
    .insert()
    .into(IdempotencyKeyEntity)
    .values({
      key,
      status: 200,
      response: JSON.stringify(answer),
      createdAt: new Date().toISOString(),
    })
    .orIgnore()
    .execute();
}
