import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Files of 约谈 and 问责 records (the talk's minutes, the decision's document). */
export class SupervisionRecordFiles1769800000000 implements MigrationInterface {
  name = 'SupervisionRecordFiles1769800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'supervision_record_files',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'recordId', type: 'varchar', length: '36', isNullable: true },
          { name: 'filename', type: 'varchar', length: '200' },
          { name: 'mimeType', type: 'varchar', length: '200' },
          { name: 'size', type: 'integer' },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'uploadedBy', type: 'varchar', length: '36' },
          { name: 'uploadedAt', type: 'varchar', length: '30' },
        ],
        indices: [{ name: 'idx_supervision_record_files_record', columnNames: ['recordId'] }],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('supervision_record_files');
  }
}
