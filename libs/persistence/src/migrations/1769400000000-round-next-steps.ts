import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 下一步工作计划: what the office writes as the progress report's next steps, kept with the
 * round (null: the report states its generated plan).
 */
export class RoundNextSteps1769400000000 implements MigrationInterface {
  name = 'RoundNextSteps1769400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'rounds',
      new TableColumn({ name: 'nextSteps', type: 'text', isNullable: true }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('rounds', 'nextSteps');
  }
}
