import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const ROLE_BEFORE = ['status', 'role', 'departmentId', 'dueAt'];
const ROLE2_BEFORE = ['status', 'role2'];
/** After status, the role and the department: the inbox's order (apps/api/src/inbox/inbox-sql.ts). */
const IN_INBOX_ORDER = ['departmentId', 'dueAt', 'createdAt', 'id'];

/**
 * The inbox's page in its usual order (due first) is read on SQLite branch by branch, each
 * branch (a role as `role` or as `role2`, within the caller's department) in index order, at most
 * OFFSET + LIMIT rows each, instead of sorting every matching task. The two role indexes end in
 * that order: `role` gains `createdAt` and `id` after `dueAt`, and `role2` gains the department
 * and the whole order. For a department with 16,322 open tasks in a 100,000-finding read model,
 * the page statement went from 8.8 to 1.4 ms (BENCH.md, "The inbox's page in index order").
 * PostgreSQL keeps the sorted page (apps/api/src/inbox/inbox-sql.ts says why) and gets the same
 * indexes, so that both databases have one schema. Plain index changes: no table is rebuilt, so
 * the triggers on `findings` (1770500000000) stay.
 */
export class InboxOrderedIndexes1770600000000 implements MigrationInterface {
  name = 'InboxOrderedIndexes1770600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.replace(
      queryRunner,
      ['status', 'role', ...IN_INBOX_ORDER],
      ['status', 'role2', ...IN_INBOX_ORDER],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await this.replace(queryRunner, ROLE_BEFORE, ROLE2_BEFORE);
  }

  private async replace(queryRunner: QueryRunner, role: string[], role2: string[]): Promise<void> {
    await queryRunner.dropIndex('tasks', 'idx_tasks_inbox_role');
    await queryRunner.dropIndex('tasks', 'idx_tasks_inbox_role2');
    await queryRunner.createIndex(
      'tasks',
      new TableIndex({ name: 'idx_tasks_inbox_role', columnNames: role }),
    );
    await queryRunner.createIndex(
      'tasks',
      new TableIndex({ name: 'idx_tasks_inbox_role2', columnNames: role2 }),
    );
  }
}
