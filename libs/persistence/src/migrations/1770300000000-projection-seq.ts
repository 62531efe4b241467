import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The order number of the newest projection batch a finding's row has taken: the projection
 * refuses a batch older than that (a write that outlived its workflow task, landing after the
 * steps that followed it), so the read model never goes back in a finding's life.
 */
export class ProjectionSeq1770300000000 implements MigrationInterface {
  name = 'ProjectionSeq1770300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'findings',
      new TableColumn({ name: 'projectedSeq', type: 'bigint', isNullable: true }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('findings', 'projectedSeq');
  }
}
