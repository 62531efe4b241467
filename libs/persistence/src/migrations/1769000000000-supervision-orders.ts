import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 督办单: orders the supervisor (or office) issues on a finding to a department, with the
 * department's answer and the acceptance (written by the finding's workflow).
 */
export class SupervisionOrders1769000000000 implements MigrationInterface {
  name = 'SupervisionOrders1769000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'supervision_orders',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'findingId', type: 'varchar', length: '36' },
          { name: 'cycle', type: 'integer' },
          { name: 'departmentId', type: 'varchar', length: '36' },
          { name: 'requirement', type: 'text' },
          { name: 'dueAt', type: 'varchar', length: '30' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'taskId', type: 'varchar', length: '36', isNullable: true },
          { name: 'issuedBy', type: 'varchar', length: '36' },
          { name: 'issuedAt', type: 'varchar', length: '30' },
          { name: 'answer', type: 'text', isNullable: true },
          { name: 'evidenceIds', type: 'text' },
          { name: 'answeredBy', type: 'varchar', length: '36', isNullable: true },
          { name: 'answeredAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'returnCount', type: 'integer' },
          { name: 'returnComment', type: 'text', isNullable: true },
          { name: 'closedBy', type: 'varchar', length: '36', isNullable: true },
          { name: 'closedAt', type: 'varchar', length: '30', isNullable: true },
        ],
        indices: [
          { name: 'idx_supervision_orders_finding', columnNames: ['findingId'] },
          { name: 'idx_supervision_orders_status', columnNames: ['status'] },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('supervision_orders');
  }
}
