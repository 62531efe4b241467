import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The dashboard's figures (and the trend) are aggregates over every finding the caller sees: at
 * a city's 100,000 findings, SQLite read them through the (stage), (leadDepartmentId, stage) and
 * (unitId, stage) indexes and then a table row per finding, a random read each (EXPLAIN QUERY
 * PLAN: `SCAN f USING INDEX …`, `SEARCH f USING INDEX … (unitId=?)`). Each of the three now also
 * holds every other column those aggregates read, so the same plans read the index alone
 * (`USING COVERING INDEX`). The dashboard's SQL alone, 100,000 findings in 40 units, on a
 * loaded 2-core machine (with the escalation condition made uncorrelated at the same time,
 * light-sql.ts): one unit's office about 210 → 60 ms, every unit about 6.7 → 1.5 s (BENCH.md,
 * "growth"). On PostgreSQL the unit's aggregates become index-only scans (38 ms in all at
 * that size); the all-units ones stay parallel sequential scans, as they should.
 * Same leading columns as before, so every query that used the old ones uses the new ones.
 * `coDepartmentIds` is left out: a JSON list of any length could outgrow PostgreSQL's index row
 * limit; a department's dashboard reads the table row for it.
 */
const COVERED = [
  'withdrawn',
  'roundId',
  'responsibleLeaderId',
  'nextDueAt',
  'dueAt',
  'closedAt',
  'createdAt',
  'escalationLevel',
  'longTerm',
  'sentBackCount',
  'accountabilityCount',
  'id',
];

const REPLACED: { old: string; oldColumns: string[]; name: string; columns: string[] }[] = [
  {
    old: 'IDX_1d936ac6af4daaa56a263baf63',
    oldColumns: ['stage'],
    name: 'idx_findings_stage_cover',
    columns: ['stage', 'unitId', 'leadDepartmentId', ...COVERED],
  },
  {
    old: 'IDX_c041fdd189cca83954b5cd993b',
    oldColumns: ['leadDepartmentId', 'stage'],
    name: 'idx_findings_lead_cover',
    columns: ['leadDepartmentId', 'stage', 'unitId', ...COVERED],
  },
  {
    old: 'idx_findings_unit_stage',
    oldColumns: ['unitId', 'stage'],
    name: 'idx_findings_unit_cover',
    columns: ['unitId', 'stage', 'leadDepartmentId', ...COVERED],
  },
];

export class DashboardCoveringIndexes1770200000000 implements MigrationInterface {
  name = 'DashboardCoveringIndexes1770200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const r of REPLACED) {
      await queryRunner.createIndex(
        'findings',
        new TableIndex({ name: r.name, columnNames: r.columns }),
      );
      await queryRunner.dropIndex('findings', r.old);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const r of REPLACED) {
      await queryRunner.createIndex(
        'findings',
        new TableIndex({ name: r.old, columnNames: r.oldColumns }),
      );
      await queryRunner.dropIndex('findings', r.name);
    }
  }
}
