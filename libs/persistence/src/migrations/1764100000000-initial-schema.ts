import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The first schema. Written with TypeORM's database-neutral Table API so one migration runs
 * on SQLite and PostgreSQL alike; index and unique names match the entities' metadata.
 */
export class InitialSchema1764100000000 implements MigrationInterface {
  name = 'InitialSchema1764100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'departments',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'code', type: 'varchar', length: '200' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'createdAt', type: 'varchar', length: '30' },
        ],
        uniques: [{ name: 'UQ_91fddbe23e927e1e525c152baa3', columnNames: ['code'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'username', type: 'varchar', length: '200' },
          { name: 'displayName', type: 'varchar', length: '200' },
          { name: 'passwordHash', type: 'varchar', length: '200' },
          { name: 'roles', type: 'text' },
          { name: 'departmentId', type: 'varchar', length: '36', isNullable: true },
          { name: 'email', type: 'varchar', length: '200', isNullable: true },
          { name: 'createdAt', type: 'varchar', length: '30' },
        ],
        uniques: [{ name: 'UQ_fe0bb3f6520ee0469504521e710', columnNames: ['username'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rounds',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'title', type: 'text' },
          { name: 'source', type: 'varchar', length: '200' },
          { name: 'inspectingBody', type: 'text', isNullable: true },
          { name: 'feedbackDate', type: 'varchar', length: '30', isNullable: true },
          { name: 'dueAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'publication', type: 'text', isNullable: true },
          { name: 'findingSeq', type: 'integer', default: 0 },
          { name: 'createdBy', type: 'varchar', length: '36' },
          { name: 'createdAt', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'areas',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'roundId', type: 'varchar', length: '36' },
          { name: 'seq', type: 'integer' },
          { name: 'title', type: 'text' },
        ],
        indices: [{ name: 'IDX_63d230eaa315bb12fc73130658', columnNames: ['roundId', 'seq'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'themes',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'roundId', type: 'varchar', length: '36' },
          { name: 'areaId', type: 'varchar', length: '36' },
          { name: 'seq', type: 'integer' },
          { name: 'title', type: 'text' },
        ],
        indices: [{ name: 'IDX_69524d2e2f3e408f81163bae65', columnNames: ['areaId', 'seq'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'findings',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'roundId', type: 'varchar', length: '36' },
          { name: 'areaId', type: 'varchar', length: '36', isNullable: true },
          { name: 'themeId', type: 'varchar', length: '36', isNullable: true },
          { name: 'code', type: 'varchar', length: '200' },
          { name: 'seq', type: 'integer' },
          { name: 'title', type: 'text' },
          { name: 'areaTitle', type: 'text', isNullable: true },
          { name: 'themeTitle', type: 'text', isNullable: true },
          { name: 'stage', type: 'varchar', length: '200' },
          { name: 'longTerm', type: 'boolean' },
          { name: 'responsibleLeaderId', type: 'varchar', length: '36', isNullable: true },
          { name: 'leadDepartmentId', type: 'varchar', length: '36', isNullable: true },
          { name: 'coDepartmentIds', type: 'text' },
          { name: 'dueAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'nextDueAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'escalationLevel', type: 'integer' },
          { name: 'cycle', type: 'integer' },
          { name: 'sentBackCount', type: 'integer' },
          { name: 'accountabilityCount', type: 'integer' },
          { name: 'closedAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'lastReport', type: 'text', isNullable: true },
          { name: 'createdAt', type: 'varchar', length: '30' },
          { name: 'updatedAt', type: 'varchar', length: '30' },
        ],
        indices: [
          { name: 'IDX_1d936ac6af4daaa56a263baf63', columnNames: ['stage'] },
          { name: 'IDX_c041fdd189cca83954b5cd993b', columnNames: ['leadDepartmentId', 'stage'] },
          { name: 'IDX_46dfff729f2877a4ba7c7b4f5d', columnNames: ['roundId', 'seq'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'measures',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'findingId', type: 'varchar', length: '36' },
          { name: 'cycle', type: 'integer' },
          { name: 'seq', type: 'integer' },
          { name: 'text', type: 'text' },
          { name: 'ownerDepartmentId', type: 'varchar', length: '36', isNullable: true },
          { name: 'dueAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'done', type: 'boolean' },
        ],
        indices: [
          { name: 'IDX_b01c3e87d9bd1d963f26c3e63a', columnNames: ['findingId', 'cycle', 'seq'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'tasks',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'findingId', type: 'varchar', length: '36' },
          { name: 'roundId', type: 'varchar', length: '36' },
          { name: 'kind', type: 'varchar', length: '200' },
          { name: 'role', type: 'varchar', length: '200' },
          { name: 'role2', type: 'varchar', length: '200', isNullable: true },
          { name: 'departmentId', type: 'varchar', length: '36', isNullable: true },
          { name: 'targetUserId', type: 'varchar', length: '36', isNullable: true },
          { name: 'assigneeId', type: 'varchar', length: '36', isNullable: true },
          { name: 'status', type: 'varchar', length: '200' },
          { name: 'dueAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'cycle', type: 'integer' },
          { name: 'subjectTaskId', type: 'varchar', length: '36', isNullable: true },
          { name: 'escalationLevel', type: 'integer' },
          { name: 'createdAt', type: 'varchar', length: '30' },
          { name: 'completedAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'completedBy', type: 'varchar', length: '36', isNullable: true },
        ],
        indices: [
          { name: 'idx_tasks_finding', columnNames: ['findingId', 'status'] },
          { name: 'idx_tasks_assignee', columnNames: ['assigneeId', 'status'] },
          { name: 'idx_tasks_inbox_role2', columnNames: ['status', 'role2'] },
          {
            name: 'idx_tasks_inbox_role',
            columnNames: ['status', 'role', 'departmentId', 'dueAt'],
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'reviews',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'findingId', type: 'varchar', length: '36' },
          { name: 'cycle', type: 'integer' },
          { name: 'level', type: 'integer' },
          { name: 'decision', type: 'varchar', length: '200' },
          { name: 'comment', type: 'text', isNullable: true },
          { name: 'reviewerId', type: 'varchar', length: '36' },
          { name: 'at', type: 'varchar', length: '30' },
        ],
        indices: [{ name: 'IDX_c3aef3ffbb872398816f7dd8e6', columnNames: ['findingId', 'at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'escalations',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'findingId', type: 'varchar', length: '36' },
          { name: 'taskId', type: 'varchar', length: '36' },
          { name: 'taskKind', type: 'varchar', length: '200' },
          { name: 'level', type: 'integer' },
          { name: 'status', type: 'varchar', length: '200' },
          { name: 'escalationTaskId', type: 'varchar', length: '36', isNullable: true },
          { name: 'action', type: 'varchar', length: '200', isNullable: true },
          { name: 'comment', type: 'text', isNullable: true },
          { name: 'actorId', type: 'varchar', length: '36', isNullable: true },
          { name: 'createdAt', type: 'varchar', length: '30' },
          { name: 'resolvedAt', type: 'varchar', length: '30', isNullable: true },
        ],
        indices: [
          { name: 'IDX_3ba3bd5441aefcd332723ca95b', columnNames: ['findingId', 'createdAt'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'stage_reports',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'findingId', type: 'varchar', length: '36' },
          { name: 'cycle', type: 'integer' },
          { name: 'seq', type: 'integer' },
          { name: 'report', type: 'text' },
          { name: 'evidenceIds', type: 'text' },
          { name: 'finalStage', type: 'boolean' },
          { name: 'authorId', type: 'varchar', length: '36' },
          { name: 'at', type: 'varchar', length: '30' },
        ],
        indices: [
          { name: 'IDX_5824772a1e266c438e3a9828b9', columnNames: ['findingId', 'cycle', 'seq'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'look_backs',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'findingId', type: 'varchar', length: '36' },
          { name: 'cycle', type: 'integer' },
          { name: 'outcome', type: 'varchar', length: '200' },
          { name: 'comment', type: 'text' },
          { name: 'actorId', type: 'varchar', length: '36' },
          { name: 'at', type: 'varchar', length: '30' },
        ],
        indices: [{ name: 'IDX_59a87213d34c49b94d4a797680', columnNames: ['findingId', 'at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'evidence',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'findingId', type: 'varchar', length: '36' },
          { name: 'measureId', type: 'varchar', length: '36', isNullable: true },
          { name: 'kind', type: 'varchar', length: '200' },
          { name: 'filename', type: 'varchar', length: '200' },
          { name: 'mimeType', type: 'varchar', length: '200' },
          { name: 'size', type: 'integer' },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'uploadedBy', type: 'varchar', length: '36' },
          { name: 'uploadedAt', type: 'varchar', length: '30' },
        ],
        indices: [
          { name: 'IDX_771e10bb91fc5e78f719cd282e', columnNames: ['findingId', 'uploadedAt'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notifications',
        columns: [
          { name: 'id', type: 'varchar', length: '80', isPrimary: true },
          { name: 'noticeId', type: 'varchar', length: '36' },
          { name: 'userId', type: 'varchar', length: '36' },
          { name: 'kind', type: 'varchar', length: '200' },
          { name: 'findingId', type: 'varchar', length: '36', isNullable: true },
          { name: 'taskId', type: 'varchar', length: '36', isNullable: true },
          { name: 'title', type: 'text' },
          { name: 'body', type: 'text' },
          { name: 'createdAt', type: 'varchar', length: '30' },
          { name: 'readAt', type: 'varchar', length: '30', isNullable: true },
          { name: 'emailedAt', type: 'varchar', length: '30', isNullable: true },
        ],
        indices: [
          {
            name: 'IDX_a310f94c15abc04f5821297982',
            columnNames: ['noticeId', 'userId'],
            isUnique: true,
          },
          { name: 'IDX_21e65af2f4f242d4c85a92aff4', columnNames: ['userId', 'createdAt'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'eventId', type: 'varchar', length: '80' },
          { name: 'at', type: 'varchar', length: '30' },
          { name: 'actorId', type: 'varchar', length: '36', isNullable: true },
          { name: 'action', type: 'varchar', length: '200' },
          { name: 'entityType', type: 'varchar', length: '200' },
          { name: 'entityId', type: 'varchar', length: '200' },
          { name: 'findingId', type: 'varchar', length: '36', isNullable: true },
          { name: 'data', type: 'text' },
          { name: 'hash', type: 'varchar', length: '64' },
          { name: 'prevHash', type: 'varchar', length: '64' },
        ],
        indices: [
          { name: 'IDX_099200933bc79882220fe67da0', columnNames: ['findingId', 'seq'] },
          { name: 'IDX_84a7f327d6334d03d94cd9250a', columnNames: ['entityId', 'seq'] },
        ],
        uniques: [{ name: 'UQ_963cea71ed141ba71d93037a299', columnNames: ['eventId'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_head',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'seq', type: 'integer' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          { name: 'key', type: 'varchar', length: '300', isPrimary: true },
          { name: 'status', type: 'integer' },
          { name: 'response', type: 'text' },
          { name: 'createdAt', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.query(
      `INSERT INTO "audit_head" ("id", "seq", "hash") VALUES (1, 0, '${'0'.repeat(64)}')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('idempotency_keys');
    await queryRunner.dropTable('audit_head');
    await queryRunner.dropTable('audit_events');
    await queryRunner.dropTable('notifications');
    await queryRunner.dropTable('evidence');
    await queryRunner.dropTable('look_backs');
    await queryRunner.dropTable('stage_reports');
    await queryRunner.dropTable('escalations');
    await queryRunner.dropTable('reviews');
    await queryRunner.dropTable('tasks');
    await queryRunner.dropTable('measures');
    await queryRunner.dropTable('findings');
    await queryRunner.dropTable('themes');
    await queryRunner.dropTable('areas');
    await queryRunner.dropTable('rounds');
    await queryRunner.dropTable('users');
    await queryRunner.dropTable('departments');
  }
}
