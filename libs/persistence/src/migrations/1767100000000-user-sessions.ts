import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What the server needs to decide who acts, rather than the token: whether an account is
 * active, the generation of its tokens (raised when its roles, department, password or active
 * flag change, which revokes every earlier token) and its run of failed logins (the
 * per-account lockout). Existing users stay active, on generation 0, unlocked.
 */
export class UserSessions1767100000000 implements MigrationInterface {
  name = 'UserSessions1767100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Written as each database states it, so the schema matches the entity's `default: true`.
    const yes = queryRunner.connection.driver.options.type === 'postgres' ? 'true' : '1';
    await queryRunner.addColumns('users', [
      new TableColumn({ name: 'active', type: 'boolean', default: yes }),
      new TableColumn({ name: 'tokenGeneration', type: 'integer', default: 0 }),
      new TableColumn({ name: 'failedLogins', type: 'integer', default: 0 }),
      new TableColumn({ name: 'lockedUntil', type: 'varchar', length: '30', isNullable: true }),
    ]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['lockedUntil', 'failedLogins', 'tokenGeneration', 'active']) {
      await queryRunner.dropColumn('users', column);
    }
  }
}
