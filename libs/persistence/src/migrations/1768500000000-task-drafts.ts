import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Drafts of a measure plan or an evidence report: one per task, never a submission. */
export class TaskDrafts1768500000000 implements MigrationInterface {
  name = 'TaskDrafts1768500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'task_drafts',
        columns: [
          { name: 'taskId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'findingId', type: 'varchar', length: '36' },
          { name: 'unitId', type: 'varchar', length: '36' },
          { name: 'body', type: 'text' },
          { name: 'savedBy', type: 'varchar', length: '36' },
          { name: 'savedAt', type: 'varchar', length: '30' },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('task_drafts');
  }
}
