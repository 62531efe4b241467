import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The inbox filters and counts open tasks by status, department, role(s) and target person and
 * pages them by due and creation time. This index holds every one of those columns plus the id,
 * so the count and the page's ids are read from the index alone (SQLite covering index,
 * PostgreSQL index scan) instead of a table row per matching task. BENCH.md, "inbox".
 */
export class InboxCoveringIndex1764300000000 implements MigrationInterface {
  name = 'InboxCoveringIndex1764300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'tasks',
      new TableIndex({
        name: 'idx_tasks_inbox_cover',
        columnNames: [
          'status',
          'departmentId',
          'role',
          'role2',
          'targetUserId',
          'dueAt',
          'createdAt',
          'id',
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('tasks', 'idx_tasks_inbox_cover');
  }
}
