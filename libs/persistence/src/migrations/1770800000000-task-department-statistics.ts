import type { MigrationInterface, QueryRunner } from 'typeorm';

/** PostgreSQL's statistics object on the tasks table (no table or index changes). */
const STATISTICS = 'stats_tasks_unit_department';

/**
 * A department belongs to one unit, so a task's `departmentId` decides its `unitId`. PostgreSQL's
 * planner does not know that by itself: it multiplies the two columns' selectivities as if they
 * were independent, and estimated a department's inbox (open, its unit, its department, a role)
 * at 18 tasks when it had 4,000. Expecting so few, it read them all and sorted them for a page
 * of 50 instead of reading the first 50 in index order (`idx_tasks_inbox_role`): 4.2 against 1.0
 * ms p50 for the page with 4,000 open tasks, in proportion to their number. Functional
 * dependency statistics tell it (ANALYZE computes them, as autovacuum does from then on).
 * SQLite has nothing of the kind and plans the inbox's branches by their indexes as they are.
 * BENCH.md, "A department's inbox estimated right", has the figures.
 */
export class TaskDepartmentStatistics1770800000000 implements MigrationInterface {
  name = 'TaskDepartmentStatistics1770800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await queryRunner.query(
      `CREATE STATISTICS IF NOT EXISTS "${STATISTICS}" (dependencies) ON "unitId", "departmentId" FROM "tasks"`,
    );
    await queryRunner.query('ANALYZE "tasks"');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await queryRunner.query(`DROP STATISTICS IF EXISTS "${STATISTICS}"`);
  }
}
