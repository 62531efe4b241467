import { randomUUID } from 'node:crypto';
import {
  Table,
  TableColumn,
  TableIndex,
  TableUnique,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';

/** Tables that gain a unit, and whether every row must have one. */
const UNIT_COLUMNS: { table: string; nullable: boolean }[] = [
  { table: 'departments', nullable: false },
  { table: 'users', nullable: true },
  { table: 'rounds', nullable: false },
  { table: 'findings', nullable: false },
  { table: 'tasks', nullable: false },
  { table: 'evidence', nullable: false },
  { table: 'notifications', nullable: true },
  { table: 'audit_events', nullable: true },
];

/**
 * Units (被巡察单位) under one inspecting office (上下联动): every department, unit-level user,
 * round, finding, task, evidence file, notice and audit event belongs to one unit; batches of
 * the inspecting side and its evaluations (整改成效评估) are new.
 *
 * A database from before units (one organisation) moves whole into unit U1: its departments,
 * users, rounds and everything below them. Running workflows know nothing of this; the
 * projection files their rows by their round's unit from now on.
 */
export class Units1768000000000 implements MigrationInterface {
  name = 'Units1768000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'units',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'code', type: 'varchar', length: '40' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'active', type: 'boolean' },
          { name: 'settings', type: 'text', isNullable: true },
          { name: 'createdAt', type: 'varchar', length: '30' },
        ],
        uniques: [{ name: 'UQ_units_code', columnNames: ['code'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'batches',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'title', type: 'text' },
          { name: 'unitIds', type: 'text' },
          { name: 'createdBy', type: 'varchar', length: '36' },
          { name: 'createdAt', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'unit_evaluations',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'batchId', type: 'varchar', length: '36' },
          { name: 'unitId', type: 'varchar', length: '36' },
          { name: 'rating', type: 'varchar', length: '200' },
          { name: 'note', type: 'text' },
          { name: 'files', type: 'text' },
          { name: 'evaluatedBy', type: 'varchar', length: '36' },
          { name: 'at', type: 'varchar', length: '30' },
        ],
        indices: [{ name: 'idx_unit_evaluations_batch', columnNames: ['batchId', 'unitId'] }],
      }),
    );

    for (const { table } of UNIT_COLUMNS) {
      await queryRunner.addColumn(
        table,
        new TableColumn({ name: 'unitId', type: 'varchar', length: '36', isNullable: true }),
      );
    }
    await queryRunner.addColumns('users', [
      new TableColumn({ name: 'unitScope', type: 'text', isNullable: true }),
    ]);
    await queryRunner.addColumns('rounds', [
      new TableColumn({ name: 'batchId', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'handedOverAt', type: 'varchar', length: '30', isNullable: true }),
    ]);

    // The one organisation of an earlier release becomes unit U1.
    const [{ n }] = (await queryRunner.query(
      `SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM departments) + (SELECT COUNT(*) FROM rounds) AS n`,
    )) as { n: number | string }[];
    if (Number(n) > 0) {
      const unitId = randomUUID();
      const qb = () => queryRunner.manager.createQueryBuilder();
      await qb()
        .insert()
        .into('units', ['id', 'code', 'name', 'active', 'settings', 'createdAt'])
        .values({
          id: unitId,
          code: 'U1',
          name: '本单位',
          active: true,
          settings: null,
          createdAt: new Date().toISOString(),
        })
        .execute();
      for (const { table } of UNIT_COLUMNS) {
        await qb().update(table).set({ unitId }).where('"unitId" IS NULL').execute();
      }
    }

    for (const { table, nullable } of UNIT_COLUMNS) {
      if (nullable) continue;
      await queryRunner.changeColumn(
        table,
        'unitId',
        new TableColumn({ name: 'unitId', type: 'varchar', length: '36', isNullable: false }),
      );
    }

    // Department codes are unique within a unit (two units may both have "办公室 D1").
    await queryRunner.dropUniqueConstraint('departments', 'UQ_91fddbe23e927e1e525c152baa3');
    await queryRunner.createIndex(
      'departments',
      new TableIndex({
        name: 'idx_departments_unit_code',
        columnNames: ['unitId', 'code'],
        isUnique: true,
      }),
    );
    await queryRunner.createIndex(
      'rounds',
      new TableIndex({ name: 'idx_rounds_unit', columnNames: ['unitId', 'createdAt'] }),
    );
    await queryRunner.createIndex(
      'findings',
      new TableIndex({ name: 'idx_findings_unit_stage', columnNames: ['unitId', 'stage'] }),
    );
    // The inbox's covering index (1764300000000) gains the unit its queries now filter on.
    await queryRunner.dropIndex('tasks', 'idx_tasks_inbox_cover');
    await queryRunner.createIndex(
      'tasks',
      new TableIndex({
        name: 'idx_tasks_inbox_cover',
        columnNames: [
          'status',
          'unitId',
          'departmentId',
          'role',
          'role2',
          'targetUserId',
          'dueAt',
          'createdAt',
          'id',
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('tasks', 'idx_tasks_inbox_cover');
    await queryRunner.createIndex(
      'tasks',
      new TableIndex({
        name: 'idx_tasks_inbox_cover',
        columnNames: [
          'status',
          'departmentId',
          'role',
          'role2',
          'targetUserId',
          'dueAt',
          'createdAt',
          'id',
        ],
      }),
    );
    await queryRunner.dropIndex('findings', 'idx_findings_unit_stage');
    await queryRunner.dropIndex('rounds', 'idx_rounds_unit');
    await queryRunner.dropIndex('departments', 'idx_departments_unit_code');
    await queryRunner.createUniqueConstraint(
      'departments',
      new TableUnique({ name: 'UQ_91fddbe23e927e1e525c152baa3', columnNames: ['code'] }),
    );
    await queryRunner.dropColumn('rounds', 'handedOverAt');
    await queryRunner.dropColumn('rounds', 'batchId');
    await queryRunner.dropColumn('users', 'unitScope');
    for (const { table } of UNIT_COLUMNS) await queryRunner.dropColumn(table, 'unitId');
    await queryRunner.dropTable('unit_evaluations');
    await queryRunner.dropTable('batches');
    await queryRunner.dropTable('units');
  }
}
