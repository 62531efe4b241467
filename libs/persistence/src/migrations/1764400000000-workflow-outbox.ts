import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The outbox of finding workflows to start (or, after a rolled-back creation, to terminate):
 * the API writes a finding's first projection and its `start` row in one transaction, starts
 * the workflow, then deletes the row (BENCH.md, "import"; WorkflowOutboxEntity).
 */
export class WorkflowOutbox1764400000000 implements MigrationInterface {
  name = 'WorkflowOutbox1764400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'workflow_outbox',
        columns: [
          { name: 'findingId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'action', type: 'varchar', length: '200' },
          { name: 'input', type: 'text' },
          { name: 'createdAt', type: 'varchar', length: '30' },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('workflow_outbox');
  }
}
