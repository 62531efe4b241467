import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** A stage and responsible leader's findings, in due order: `keptGroups`' red and yellow per leader. */
const DUE_BY_STAGE_LEADER = ['stage', 'responsibleLeaderId', 'nextDueAt', 'withdrawn', 'unitId'];
/** A lead department's findings, in due order: `keptGroups`' red and yellow per department. */
const DUE_BY_DEPARTMENT = ['leadDepartmentId', 'nextDueAt', 'withdrawn', 'stage', 'unitId'];

/**
 * The dashboard of every unit over all rounds counts its red, yellow and overdue findings per
 * stage and leader and per department. It read the findings due before the warning window ends
 * as one range (`idx_findings_due_cover`) and grouped them twice; SQLite has no hash aggregate,
 * so each grouping sorted the whole range (17,000 findings at 100,000: about 10 ms a grouping,
 * most of the view's SQL). It now counts, for each group the kept sums already list, the
 * group's own due range, read from one of these two indexes in order: a few thousand short
 * index reads and no sort (BENCH.md, "The lights counted per group"). PostgreSQL, whose hash
 * aggregate groups the range faster than it runs those subqueries, keeps the grouped range
 * (apps/api/src/dashboard/dashboard-groups.ts) and gets the same indexes, so that both databases
 * have one schema. Plain index additions: no table is rebuilt, so the triggers on `findings`
 * (1770500000000) stay.
 */
export class DueByGroup1770700000000 implements MigrationInterface {
  name = 'DueByGroup1770700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'findings',
      new TableIndex({ name: 'idx_findings_stage_leader_due', columnNames: DUE_BY_STAGE_LEADER }),
    );
    await queryRunner.createIndex(
      'findings',
      new TableIndex({ name: 'idx_findings_department_due', columnNames: DUE_BY_DEPARTMENT }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('findings', 'idx_findings_department_due');
    await queryRunner.dropIndex('findings', 'idx_findings_stage_leader_due');
  }
}
