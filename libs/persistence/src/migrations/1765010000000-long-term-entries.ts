import {
  Table,
  TableForeignKey,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';

/**
 * The long-term section's own text of an imported report (需长期整改事项: each entry's heading
 * and progress paragraph), one row per finding it belongs to (LongTermEntryEntity). The row goes
 * with its finding: a rolled-back creation deletes findings, and the foreign key takes the rows.
 * Index and foreign-key names are the ones TypeORM derives from the entity.
 */
export class LongTermEntries1765010000000 implements MigrationInterface {
  name = 'LongTermEntries1765010000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'long_term_entries',
        columns: [
          { name: 'findingId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'roundId', type: 'varchar', length: '36' },
          { name: 'title', type: 'text' },
          { name: 'progress', type: 'text' },
          { name: 'matchedBy', type: 'varchar', length: '200' },
          { name: 'createdAt', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'long_term_entries',
      new TableIndex({ name: 'IDX_7ccae4f01fb36813c9a34babad', columnNames: ['roundId'] }),
    );
    await queryRunner.createForeignKey(
      'long_term_entries',
      new TableForeignKey({
        name: 'FK_c7c0d4208cd73f8a553849b8f65',
        columnNames: ['findingId'],
        referencedTableName: 'findings',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('long_term_entries');
  }
}
