import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Notices carry the code and parameters of their text (libs/domain finding-texts), so the web
 * app renders them in the reader's language; notices written before keep their Chinese title
 * and body and a null code. The relapse notice's kind was called after its task kind
 * (`look_back`); it is `relapse` now, like what it reports.
 */
export class NoticeCodes1764500000000 implements MigrationInterface {
  name = 'NoticeCodes1764500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('notifications', [
      new TableColumn({ name: 'code', type: 'varchar', length: '40', isNullable: true }),
      new TableColumn({ name: 'params', type: 'text', isNullable: true }),
    ]);
    await queryRunner.query(`UPDATE notifications SET kind = 'relapse' WHERE kind = 'look_back'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE notifications SET kind = 'look_back' WHERE kind = 'relapse'`);
    await queryRunner.dropColumn('notifications', 'params');
    await queryRunner.dropColumn('notifications', 'code');
  }
}
