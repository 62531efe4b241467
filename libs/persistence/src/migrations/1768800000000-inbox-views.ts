import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Saved inbox views: each person's named filters and sort, kept on the server. */
export class InboxViews1768800000000 implements MigrationInterface {
  name = 'InboxViews1768800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'inbox_views',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'userId', type: 'varchar', length: '36' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'filters', type: 'text' },
          { name: 'createdAt', type: 'varchar', length: '30' },
        ],
        indices: [
          { name: 'idx_inbox_views_user_name', columnNames: ['userId', 'name'], isUnique: true },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('inbox_views');
  }
}
