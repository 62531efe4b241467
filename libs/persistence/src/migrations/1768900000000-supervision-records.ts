import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** 约谈 and 问责 records and the findings each is about. */
export class SupervisionRecords1768900000000 implements MigrationInterface {
  name = 'SupervisionRecords1768900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'supervision_records',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'unitId', type: 'varchar', length: '36' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'occurredOn', type: 'varchar', length: '16' },
          { name: 'departmentId', type: 'varchar', length: '36', isNullable: true },
          { name: 'subject', type: 'varchar', length: '200' },
          { name: 'heldBy', type: 'varchar', length: '200' },
          { name: 'accountabilityKind', type: 'varchar', length: '200' },
          { name: 'note', type: 'text' },
          { name: 'recordedBy', type: 'varchar', length: '36' },
          { name: 'createdAt', type: 'varchar', length: '30' },
        ],
        indices: [
          { name: 'idx_supervision_records_unit', columnNames: ['unitId', 'occurredOn'] },
          { name: 'idx_supervision_records_department', columnNames: ['departmentId', 'kind'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'supervision_record_findings',
        columns: [
          { name: 'recordId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'findingId', type: 'varchar', length: '36', isPrimary: true },
        ],
        indices: [{ name: 'idx_supervision_record_findings_finding', columnNames: ['findingId'] }],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('supervision_record_findings');
    await queryRunner.dropTable('supervision_records');
  }
}
