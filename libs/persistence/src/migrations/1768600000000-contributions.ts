import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 配合整改: each co-operating department's report of its part of a finding (its `contribute`
 * task's text and files), shown to the lead department beside its evidence.
 */
export class Contributions1768600000000 implements MigrationInterface {
  name = 'Contributions1768600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'contributions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'findingId', type: 'varchar', length: '36' },
          { name: 'cycle', type: 'integer' },
          { name: 'departmentId', type: 'varchar', length: '36' },
          { name: 'text', type: 'text' },
          { name: 'evidenceIds', type: 'text' },
          { name: 'authorId', type: 'varchar', length: '36' },
          { name: 'at', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'contributions',
      new TableIndex({ name: 'idx_contributions_finding', columnNames: ['findingId', 'cycle'] }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('contributions');
  }
}
