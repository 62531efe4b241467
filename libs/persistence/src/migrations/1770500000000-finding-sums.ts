import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The key of a group in `finding_sums`, and the finding column each comes from. */
const KEY: [column: string, from: (p: string) => string][] = [
  ['unitId', (p) => `${p}."unitId"`],
  ['stage', (p) => `${p}."stage"`],
  ['leadDepartmentId', (p) => `COALESCE(${p}."leadDepartmentId", '')`],
  ['responsibleLeaderId', (p) => `COALESCE(${p}."responsibleLeaderId", '')`],
];

/** A finding's share of each kept figure (`p` is NEW or OLD), as the dashboard sums them. */
const SHARE: [column: string, of: (p: string) => string][] = [
  ['n', () => '1'],
  [
    'lit',
    (p) =>
      `CASE WHEN ${p}."stage" <> 'assign' AND (${p}."stage" <> 'closed' OR ${p}."nextDueAt" IS NOT NULL) THEN 1 ELSE 0 END`,
  ],
  [
    'onTime',
    (p) =>
      `CASE WHEN ${p}."stage" = 'closed' AND ${p}."closedAt" IS NOT NULL AND ${p}."dueAt" IS NOT NULL AND ${p}."closedAt" <= ${p}."dueAt" THEN 1 ELSE 0 END`,
  ],
  ['sentBack', (p) => `${p}."sentBackCount"`],
  ['accountability', (p) => `${p}."accountabilityCount"`],
  ['longTerm', (p) => `CASE WHEN ${p}."longTerm" THEN 1 ELSE 0 END`],
  [
    'escalated',
    (p) => `CASE WHEN ${p}."escalationLevel" > 0 OR ${p}."escalatedOnce" THEN 1 ELSE 0 END`,
  ],
];

/** The finding columns a share or a key reads: an update of none of them changes no sum. */
const READ = [
  'unitId',
  'stage',
  'leadDepartmentId',
  'responsibleLeaderId',
  'withdrawn',
  'nextDueAt',
  'closedAt',
  'dueAt',
  'sentBackCount',
  'accountabilityCount',
  'longTerm',
  'escalationLevel',
  'escalatedOnce',
];

const q = (c: string) => `"${c}"`;
const keyList = KEY.map(([c]) => q(c)).join(', ');

/** Takes OLD's share away from its group (a finding that had none, withdrawn, is skipped). */
const subtractOld = (where: string) =>
  `UPDATE "finding_sums" SET ${SHARE.map(([c, of]) => `${q(c)} = ${q(c)} - (${of('OLD')})`).join(', ')}` +
  ` WHERE ${KEY.map(([c, from]) => `${q(c)} = ${from('OLD')}`).join(' AND ')}${where}`;

/** Adds NEW's share to its group, creating the group the first time. */
const addNew = (values: string) =>
  `INSERT INTO "finding_sums" (${keyList}, ${SHARE.map(([c]) => q(c)).join(', ')}) ${values}` +
  ` ON CONFLICT (${keyList}) DO UPDATE SET ${SHARE.map(([c]) => `${q(c)} = "finding_sums".${q(c)} + excluded.${q(c)}`).join(', ')}`;

/** A finding with an escalation record was escalated, whatever its level now. */
const markEscalated = (yes: string) =>
  `UPDATE "findings" SET "escalatedOnce" = ${yes} WHERE "id" = NEW."findingId" AND NOT "escalatedOnce"`;

const newValues = [...KEY.map(([, from]) => from('NEW')), ...SHARE.map(([, of]) => of('NEW'))].join(
  ', ',
);

/** The index the lights' range read walks: findings due before the end of the warning window. */
export const DUE_COVER = [
  'nextDueAt',
  'withdrawn',
  'stage',
  'unitId',
  'leadDepartmentId',
  'responsibleLeaderId',
];

/**
 * The kept figures, after the columns each of the dashboard's two groupings leads with: the
 * view of every unit reads them in group order from an index instead of sorting the table.
 */
export const SUMS_BY_STAGE_LEADER = ['stage', 'responsibleLeaderId', ...SHARE.map(([c]) => c)];
export const SUMS_BY_DEPARTMENT = ['leadDepartmentId', 'stage', ...SHARE.map(([c]) => c)];

/**
 * `finding_sums`: the dashboard's figures that do not depend on the clock, per unit, stage,
 * lead department and responsible leader, kept by triggers on `findings`, so that every writer
 * keeps them (the projection's upsert, the API's withdrawal, SQL run by hand). With them, the
 * dashboard of all rounds sums a few rows per department instead of reading every finding; of
 * the lights, which depend on the clock, it reads only the findings due before the end of the
 * warning window (red and yellow) through `idx_findings_due_cover`, and takes green as what
 * remains of the findings that can have a light (`lit`). A finding escalated once counts as
 * escalated for good: `findings.escalatedOnce`, set by a trigger on `escalations`, carries that
 * into its share. At 100,000 findings the grouped scan of every finding this replaces took
 * 190 ms on SQLite (BENCH.md, "Kept sums"). The sums of the findings already there are filled
 * by one grouped scan here.
 *
 * On PostgreSQL a finding that changes group updates two rows of `finding_sums`; two such
 * transactions crossing in opposite directions can deadlock, and the database then fails one,
 * which the projection activity retries like any failed write.
 */
export class FindingSums1770500000000 implements MigrationInterface {
  name = 'FindingSums1770500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    // First, while `findings` has no trigger: TypeORM adds a column to an SQLite table by
    // building the table anew, which would drop them (so would any later such migration:
    // test/int/dashboard-groups runs every migration and fails if the triggers are gone).
    await queryRunner.addColumn(
      'findings',
      new TableColumn({
        name: 'escalatedOnce',
        type: 'boolean',
        isNullable: false,
        default: postgres ? 'false' : '0',
      }),
    );
    await queryRunner.query(
      `UPDATE "findings" SET "escalatedOnce" = ${postgres ? 'true' : '1'} WHERE "id" IN (SELECT "findingId" FROM "escalations")`,
    );
    await queryRunner.createTable(
      new Table({
        name: 'finding_sums',
        columns: [
          { name: 'unitId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'stage', type: 'varchar', length: '200', isPrimary: true },
          { name: 'leadDepartmentId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'responsibleLeaderId', type: 'varchar', length: '36', isPrimary: true },
          ...SHARE.map(([name]) => ({ name, type: 'integer' })),
        ],
      }),
    );
    await queryRunner.createIndex(
      'finding_sums',
      new TableIndex({ name: 'idx_finding_sums_stage_leader', columnNames: SUMS_BY_STAGE_LEADER }),
    );
    await queryRunner.createIndex(
      'finding_sums',
      new TableIndex({ name: 'idx_finding_sums_department', columnNames: SUMS_BY_DEPARTMENT }),
    );
    await queryRunner.createIndex(
      'findings',
      new TableIndex({ name: 'idx_findings_due_cover', columnNames: DUE_COVER }),
    );
    await queryRunner.query(
      `INSERT INTO "finding_sums" (${keyList}, ${SHARE.map(([c]) => q(c)).join(', ')})` +
        ` SELECT ${KEY.map(([, from]) => from('f')).join(', ')}, ${SHARE.map(([, of]) => `SUM(${of('f')})`).join(', ')}` +
        ` FROM "findings" f WHERE NOT f."withdrawn" GROUP BY ${KEY.map(([, from]) => from('f')).join(', ')}`,
    );
    if (postgres) {
      const changed = READ.map((c) => `OLD.${q(c)} IS DISTINCT FROM NEW.${q(c)}`).join(' OR ');
      await queryRunner.query(
        `CREATE FUNCTION finding_sums_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND NOT OLD."withdrawn" THEN
    ${subtractOld('')};
  END IF;
  IF TG_OP <> 'DELETE' AND NOT NEW."withdrawn" THEN
    ${addNew(`VALUES (${newValues})`)};
  END IF;
  RETURN NULL;
END $$`,
      );
      await queryRunner.query(
        `CREATE TRIGGER finding_sums_insert AFTER INSERT ON "findings" FOR EACH ROW EXECUTE FUNCTION finding_sums_keep()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER finding_sums_update AFTER UPDATE OF ${READ.map(q).join(', ')} ON "findings" FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION finding_sums_keep()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER finding_sums_delete AFTER DELETE ON "findings" FOR EACH ROW EXECUTE FUNCTION finding_sums_keep()`,
      );
      await queryRunner.query(
        `CREATE FUNCTION finding_escalated_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  ${markEscalated('true')};
  RETURN NULL;
END $$`,
      );
      await queryRunner.query(
        `CREATE TRIGGER finding_escalated_once AFTER INSERT ON "escalations" FOR EACH ROW EXECUTE FUNCTION finding_escalated_once()`,
      );
    } else {
      const changed = READ.map((c) => `OLD.${q(c)} IS NOT NEW.${q(c)}`).join(' OR ');
      // SQLite's trigger bodies have no IF: the withdrawn check is each statement's WHERE (an
      // INSERT … SELECT needs one anyway before ON CONFLICT).
      const add = addNew(`SELECT ${newValues} WHERE NOT NEW."withdrawn"`);
      const subtract = subtractOld(' AND NOT OLD."withdrawn"');
      await queryRunner.query(
        `CREATE TRIGGER finding_sums_insert AFTER INSERT ON "findings" BEGIN ${add}; END`,
      );
      await queryRunner.query(
        `CREATE TRIGGER finding_sums_update AFTER UPDATE OF ${READ.map(q).join(', ')} ON "findings" WHEN ${changed} BEGIN ${subtract}; ${add}; END`,
      );
      await queryRunner.query(
        `CREATE TRIGGER finding_sums_delete AFTER DELETE ON "findings" BEGIN ${subtract}; END`,
      );
      await queryRunner.query(
        `CREATE TRIGGER finding_escalated_once AFTER INSERT ON "escalations" BEGIN ${markEscalated('1')}; END`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    await queryRunner.query(
      `DROP TRIGGER IF EXISTS finding_escalated_once${postgres ? ' ON "escalations"' : ''}`,
    );
    for (const t of ['insert', 'update', 'delete'])
      await queryRunner.query(
        `DROP TRIGGER IF EXISTS finding_sums_${t}${postgres ? ' ON "findings"' : ''}`,
      );
    if (postgres) {
      await queryRunner.query(`DROP FUNCTION IF EXISTS finding_escalated_once()`);
      await queryRunner.query(`DROP FUNCTION IF EXISTS finding_sums_keep()`);
    }
    await queryRunner.dropTable('finding_sums');
    await queryRunner.dropIndex('findings', 'idx_findings_due_cover');
    await queryRunner.dropColumn('findings', 'escalatedOnce');
  }
}
