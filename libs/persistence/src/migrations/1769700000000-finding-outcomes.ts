import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** 整改成效 of findings: regulations, amounts (integer 分) and people dealt with. */
export class FindingOutcomes1769700000000 implements MigrationInterface {
  name = 'FindingOutcomes1769700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'finding_outcomes',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'findingId', type: 'varchar', length: '36' },
          { name: 'roundId', type: 'varchar', length: '36' },
          { name: 'unitId', type: 'varchar', length: '36' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'title', type: 'text', isNullable: true },
          { name: 'regulationKind', type: 'varchar', length: '16', isNullable: true },
          { name: 'issuer', type: 'varchar', length: '200', isNullable: true },
          { name: 'issuedOn', type: 'varchar', length: '16', isNullable: true },
          { name: 'evidenceId', type: 'varchar', length: '36', isNullable: true },
          { name: 'amountKind', type: 'varchar', length: '16', isNullable: true },
          { name: 'amountFen', type: 'bigint', isNullable: true },
          { name: 'peopleCount', type: 'integer', isNullable: true },
          { name: 'peopleKind', type: 'varchar', length: '200', isNullable: true },
          { name: 'note', type: 'text' },
          { name: 'recordedBy', type: 'varchar', length: '36' },
          { name: 'recordedAt', type: 'varchar', length: '30' },
          { name: 'removedAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'removedBy', type: 'varchar', length: '36', isNullable: true },
        ],
        indices: [
          { name: 'idx_finding_outcomes_finding', columnNames: ['findingId', 'recordedAt'] },
          { name: 'idx_finding_outcomes_round', columnNames: ['roundId', 'kind'] },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('finding_outcomes');
  }
}
