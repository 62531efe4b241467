import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Evidence per measure: a file may be withdrawn (撤回) by its department until a submission
 * cites it. `submittedTaskId` names the first step that cited the file (then it is locked);
 * `withdrawnAt`/`withdrawnBy` mark a withdrawn file (the row stays, so the audit chain and
 * the stored bytes stay true). Files uploaded before this migration count as submitted: we
 * cannot tell which ones reviewers already saw, so none of them can be withdrawn.
 */
export class EvidenceWithdrawal1768400000000 implements MigrationInterface {
  name = 'EvidenceWithdrawal1768400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('evidence', [
      new TableColumn({ name: 'submittedTaskId', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'withdrawnAt', type: 'varchar', length: '30', isNullable: true }),
      new TableColumn({ name: 'withdrawnBy', type: 'varchar', length: '36', isNullable: true }),
    ]);
    await queryRunner.query(`UPDATE "evidence" SET "submittedTaskId" = 'before-withdrawal'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('evidence', 'withdrawnBy');
    await queryRunner.dropColumn('evidence', 'withdrawnAt');
    await queryRunner.dropColumn('evidence', 'submittedTaskId');
  }
}
