import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 公开: the office publishes a round's progress report (the public version, 向社会通报) for a
 * comment window; each publication keeps the text the public was shown and its SHA-256, so what
 * was published can be told later whatever the data became. A finding can be withheld from the
 * public version with a recognised reason (`findings.withheld`, `withheldReason`).
 */
export class Publications1769500000000 implements MigrationInterface {
  name = 'Publications1769500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'publications',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'roundId', type: 'varchar', length: '36' },
          { name: 'unitId', type: 'varchar', length: '36' },
          // 1, 2, … per round: a re-publication is a new row, the newest is served.
          { name: 'version', type: 'integer' },
          { name: 'slug', type: 'varchar', length: '64' },
          { name: 'title', type: 'text' },
          { name: 'text', type: 'text' },
          { name: 'textHash', type: 'varchar', length: '64' },
          // The window's calendar days (YYYY-MM-DD); not named from/to, words SQL reserves.
          { name: 'windowFrom', type: 'varchar', length: '16' },
          { name: 'windowTo', type: 'varchar', length: '16' },
          { name: 'contacts', type: 'text' },
          { name: 'withheldCount', type: 'integer' },
          { name: 'publishedBy', type: 'varchar', length: '36' },
          { name: 'publishedAt', type: 'varchar', length: '30' },
        ],
        indices: [
          { name: 'idx_publications_round', columnNames: ['roundId', 'version'], isUnique: true },
          { name: 'idx_publications_slug', columnNames: ['slug', 'version'] },
        ],
      }),
    );
    // The default as each database's schema builder spells the entity's `default: false`.
    const no = queryRunner.connection.driver.options.type === 'postgres' ? 'false' : '0';
    await queryRunner.addColumns('findings', [
      new TableColumn({ name: 'withheld', type: 'boolean', isNullable: false, default: no }),
      new TableColumn({ name: 'withheldReason', type: 'varchar', length: '40', isNullable: true }),
    ]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('findings', 'withheldReason');
    await queryRunner.dropColumn('findings', 'withheld');
    await queryRunner.dropTable('publications');
  }
}
