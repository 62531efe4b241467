import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A finding the office withdrew (撤回): it stays in the ledger, marked, with the reason, and
 * leaves every inbox and open count (`withdrawn`).
 */
export class WithdrawnFindings1768200000000 implements MigrationInterface {
  name = 'WithdrawnFindings1768200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The default as each database's schema builder spells the entity's `default: false`.
    const no = queryRunner.connection.driver.options.type === 'postgres' ? 'false' : '0';
    await queryRunner.addColumns('findings', [
      new TableColumn({ name: 'withdrawn', type: 'boolean', isNullable: false, default: no }),
      new TableColumn({ name: 'withdrawnReason', type: 'text', isNullable: true }),
    ]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('findings', 'withdrawnReason');
    await queryRunner.dropColumn('findings', 'withdrawn');
  }
}
