import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Running the organisation: a user given a temporary password must change it before anything
 * else (`mustChangePassword`); a user may sign in with the directory's password instead of a
 * local one (`authSource`); a department can be deactivated; a leader oversees (分管) some
 * departments (`user_oversees`).
 */
export class Organisation1768100000000 implements MigrationInterface {
  name = 'Organisation1768100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const no = postgres ? 'false' : '0';
    const yes = postgres ? 'true' : '1';
    await queryRunner.addColumns('users', [
      new TableColumn({
        name: 'mustChangePassword',
        type: 'boolean',
        isNullable: false,
        default: no,
      }),
      new TableColumn({
        name: 'authSource',
        type: 'varchar',
        length: '20',
        isNullable: false,
        default: "'local'",
      }),
    ]);
    await queryRunner.addColumn(
      'departments',
      new TableColumn({ name: 'active', type: 'boolean', isNullable: false, default: yes }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'user_oversees',
        columns: [
          { name: 'userId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'departmentId', type: 'varchar', length: '36', isPrimary: true },
        ],
        indices: [{ name: 'idx_user_oversees_department', columnNames: ['departmentId'] }],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('user_oversees');
    await queryRunner.dropColumn('departments', 'active');
    await queryRunner.dropColumn('users', 'authSource');
    await queryRunner.dropColumn('users', 'mustChangePassword');
  }
}
