import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Files carried by comments of a finding's discussion. */
export class CommentFiles1768810000000 implements MigrationInterface {
  name = 'CommentFiles1768810000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'comment_files',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'findingId', type: 'varchar', length: '36' },
          { name: 'unitId', type: 'varchar', length: '36' },
          { name: 'commentId', type: 'varchar', length: '36', isNullable: true },
          { name: 'filename', type: 'varchar', length: '200' },
          { name: 'mimeType', type: 'varchar', length: '200' },
          { name: 'size', type: 'integer' },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'uploadedBy', type: 'varchar', length: '36' },
          { name: 'uploadedAt', type: 'varchar', length: '30' },
        ],
        indices: [{ name: 'idx_comment_files_finding', columnNames: ['findingId', 'commentId'] }],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('comment_files');
  }
}
