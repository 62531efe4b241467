import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** 专题会议: the committee's meetings on rectification and the decisions taken at each. */
export class Meetings1769300000000 implements MigrationInterface {
  name = 'Meetings1769300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'meetings',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'unitId', type: 'varchar', length: '36' },
          { name: 'heldOn', type: 'varchar', length: '16' },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'attendees', type: 'text' },
          { name: 'attendeeIds', type: 'text' },
          { name: 'roundId', type: 'varchar', length: '36', isNullable: true },
          { name: 'since', type: 'varchar', length: '30', isNullable: true },
          { name: 'createdBy', type: 'varchar', length: '36' },
          { name: 'createdAt', type: 'varchar', length: '30' },
        ],
        indices: [{ name: 'idx_meetings_unit', columnNames: ['unitId', 'heldOn'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'meeting_decisions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'meetingId', type: 'varchar', length: '36' },
          { name: 'findingId', type: 'varchar', length: '36' },
          { name: 'decision', type: 'varchar', length: '16' },
          { name: 'note', type: 'text' },
          { name: 'dueAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'message', type: 'text', isNullable: true },
          { name: 'decidedBy', type: 'varchar', length: '36' },
          { name: 'decidedAt', type: 'varchar', length: '30' },
        ],
        indices: [
          { name: 'idx_meeting_decisions_meeting', columnNames: ['meetingId', 'decidedAt'] },
          { name: 'idx_meeting_decisions_finding', columnNames: ['findingId'] },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('meeting_decisions');
    await queryRunner.dropTable('meetings');
  }
}
