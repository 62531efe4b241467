import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A finding whose workflow was stopped outside the API (terminated, cancelled or reset from the
 * Temporal CLI or UI) is marked halted until the office resumes it; `resumedAt` is when it was
 * last resumed, so the run the resumption itself replaced is not taken for a new halt.
 */
export class HaltedFindings1767300000000 implements MigrationInterface {
  name = 'HaltedFindings1767300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The default as each database's schema builder spells the entity's `default: false`.
    const no = queryRunner.connection.driver.options.type === 'postgres' ? 'false' : '0';
    await queryRunner.addColumns('findings', [
      new TableColumn({ name: 'halted', type: 'boolean', isNullable: false, default: no }),
      new TableColumn({ name: 'resumedAt', type: 'varchar', length: '30', isNullable: true }),
    ]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('findings', 'resumedAt');
    await queryRunner.dropColumn('findings', 'halted');
  }
}
