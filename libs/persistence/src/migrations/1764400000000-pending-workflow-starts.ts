import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The outbox of finding workflows to start: the API writes a finding's first projection and
 * this row in one transaction, starts the workflow, then deletes the row (BENCH.md, "import").
 */
export class PendingWorkflowStarts1764400000000 implements MigrationInterface {
  name = 'PendingWorkflowStarts1764400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'pending_workflow_starts',
        columns: [
          { name: 'findingId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'input', type: 'text' },
          { name: 'createdAt', type: 'varchar', length: '30' },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('pending_workflow_starts');
  }
}
