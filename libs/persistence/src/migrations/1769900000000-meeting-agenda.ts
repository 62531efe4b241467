import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A meeting's agenda as it stood when its decisions were first recorded (the meeting was held):
 * from then on its page and its pack show what it discussed, not what the data says today.
 */
export class MeetingAgenda1769900000000 implements MigrationInterface {
  name = 'MeetingAgenda1769900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('meetings', [
      new TableColumn({ name: 'agenda', type: 'text', isNullable: true }),
      new TableColumn({ name: 'agendaAsOf', type: 'varchar', length: '30', isNullable: true }),
    ]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('meetings', 'agendaAsOf');
    await queryRunner.dropColumn('meetings', 'agenda');
  }
}
