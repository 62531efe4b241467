import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 意见建议: comments the public leaves on a published round, each with the `public_comment`
 * task it opens for the office. That task belongs to no finding's workflow, so
 * `tasks.findingId` becomes nullable (SQLite rebuilds the table, keeping its indices).
 */
export class PublicComments1769600000000 implements MigrationInterface {
  name = 'PublicComments1769600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'public_comments',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'roundId', type: 'varchar', length: '36' },
          { name: 'unitId', type: 'varchar', length: '36' },
          { name: 'publicationId', type: 'varchar', length: '36' },
          { name: 'receiptCode', type: 'varchar', length: '16' },
          { name: 'text', type: 'text' },
          { name: 'contact', type: 'text', isNullable: true },
          { name: 'namedFindingId', type: 'varchar', length: '36', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'findingId', type: 'varchar', length: '36', isNullable: true },
          { name: 'reply', type: 'text', isNullable: true },
          { name: 'note', type: 'text', isNullable: true },
          { name: 'createdAt', type: 'varchar', length: '30' },
          { name: 'handledAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'handledBy', type: 'varchar', length: '36', isNullable: true },
        ],
        indices: [
          { name: 'idx_public_comments_receipt', columnNames: ['receiptCode'], isUnique: true },
          { name: 'idx_public_comments_round', columnNames: ['roundId', 'status'] },
          { name: 'idx_public_comments_unit', columnNames: ['unitId', 'status'] },
        ],
      }),
    );
    await this.findingIdNullable(queryRunner, true);
  }

  /**
   * PostgreSQL alters the constraint in place. TypeORM's changeColumn there would drop and
   * re-add the column (losing every task's finding and its index), so it is plain SQL; on
   * SQLite changeColumn rebuilds the table, copying the rows and recreating the indices.
   */
  private async findingIdNullable(queryRunner: QueryRunner, nullable: boolean): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') {
      await queryRunner.query(
        `ALTER TABLE "tasks" ALTER COLUMN "findingId" ${nullable ? 'DROP' : 'SET'} NOT NULL`,
      );
      return;
    }
    await queryRunner.changeColumn(
      'tasks',
      'findingId',
      new TableColumn({ name: 'findingId', type: 'varchar', length: '36', isNullable: nullable }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "tasks" WHERE "findingId" IS NULL`);
    await this.findingIdNullable(queryRunner, false);
    await queryRunner.dropTable('public_comments');
  }
}
