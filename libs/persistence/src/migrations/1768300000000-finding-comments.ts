import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** A discussion thread on each finding (comments with @mentions). */
export class FindingComments1768300000000 implements MigrationInterface {
  name = 'FindingComments1768300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'finding_comments',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'findingId', type: 'varchar', length: '36' },
          { name: 'unitId', type: 'varchar', length: '36' },
          { name: 'authorId', type: 'varchar', length: '36' },
          { name: 'text', type: 'text' },
          { name: 'mentionUserIds', type: 'text' },
          { name: 'createdAt', type: 'varchar', length: '30' },
        ],
        indices: [
          { name: 'idx_finding_comments_finding', columnNames: ['findingId', 'createdAt'] },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('finding_comments');
  }
}
