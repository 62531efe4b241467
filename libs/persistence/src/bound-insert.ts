import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Driver } from 'typeorm/driver/Driver';

/**
 * What to do when a row meets an existing one: overwrite the columns the row names (an upsert
 * on the given conflict columns, by property name), or skip the row (any unique constraint).
 */
export type OnConflict = { action: 'update'; columns: readonly string[] } | { action: 'ignore' };

interface Statement {
  sql: string;
  columns: ColumnMetadata[];
}

const statements = new WeakMap<object, Map<string, Statement>>();
/**
 * Statements of up to this many rows are kept (a step writes one row a table, a few measures or
 * notifications); longer ones (an import's chunks) are written each time, so that imports of
 * every size do not fill the process with statements of thousands of parameters.
 */
const KEPT_ROWS = 16;

/**
 * INSERT of entity rows, optionally ON CONFLICT … DO UPDATE / DO NOTHING, with every value a
 * bound parameter, in the manager's transaction.
 *
 * Why not TypeORM's insert and upsert: on SQLite its query builder writes numbers into the SQL
 * text (`VALUES (?, 900, …)`), so a finding's upsert or an audit event's insert is a statement
 * never seen before, prepared afresh each time (the findings table's triggers and indexes make
 * that most of a millisecond), and the connection's statement cache (first in, first out)
 * turns over and drops the statements that do repeat. After each insert it also reads back
 * the columns that have defaults, which no caller here uses. Here the SQL depends only on the
 * table, the columns named and the number of rows, so a step's statements are prepared once.
 *
 * Values go through the driver's `preparePersistentValue`, as TypeORM's own writes do
 * (booleans as 0/1 on SQLite, JSON columns as text, transformers). A column a row leaves
 * undefined is not named for that row: it takes its database default on insert and is left as
 * it is by the update, as with TypeORM's upsert. Rows that name different columns go in
 * statements of their own.
 */
export async function insertRows<E extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<E>,
  rows: readonly Partial<E>[],
  onConflict?: OnConflict,
): Promise<void> {
  if (rows.length === 0) return;
  const metadata = em.connection.getMetadata(target);
  // Rows by the columns they name (their property names, joined: the group's key).
  const groups = new Map<string, { columns: ColumnMetadata[]; rows: Partial<E>[] }>();
  for (const row of rows) {
    const columns = metadata.columns.filter((c) => c.getEntityValue(row) !== undefined);
    const key = columns.map((c) => c.propertyName).join(',');
    const group = groups.get(key);
    if (group) group.rows.push(row);
    else groups.set(key, { columns, rows: [row] });
  }
  const driver = em.connection.driver;
  for (const [named, group] of groups) {
    const statement = prepared(
      driver,
      metadata.tableName,
      named,
      group.columns,
      group.rows.length,
      onConflict,
    );
    const parameters: unknown[] = [];
    for (const row of group.rows) {
      for (const c of group.columns)
        parameters.push(driver.preparePersistentValue(c.getEntityValue(row), c));
    }
    await em.query(statement.sql, parameters);
  }
}

/**
 * The statement for a table, its named columns (`named`: their property names, joined) and a
 * number of rows (kept up to KEPT_ROWS).
 */
function prepared(
  driver: Driver,
  table: string,
  named: string,
  columns: ColumnMetadata[],
  rowCount: number,
  onConflict: OnConflict | undefined,
): Statement {
  let cache = statements.get(driver);
  if (!cache) {
    cache = new Map();
    statements.set(driver, cache);
  }
  const conflictKey =
    onConflict?.action === 'update' ? `update:${onConflict.columns.join(',')}` : onConflict?.action;
  const key = `${table}|${named}|${rowCount}|${conflictKey ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const q = (name: string) => driver.escape(name);
  let index = 0;
  const tuples: string[] = [];
  for (let r = 0; r < rowCount; r++) {
    const params = columns.map(() => driver.createParameter(`p${index}`, index++));
    tuples.push(`(${params.join(', ')})`);
  }
  const names = columns.map((c) => q(c.databaseName)).join(', ');
  let sql = `INSERT INTO ${q(table)} (${names}) VALUES ${tuples.join(', ')}`;
  if (onConflict?.action === 'ignore') sql += ' ON CONFLICT DO NOTHING';
  else if (onConflict) {
    const conflict = onConflict.columns.map((property) => {
      const column = columns.find((c) => c.propertyName === property);
      if (!column) throw new Error(`insertRows(${table}): conflict column "${property}" not named`);
      return column;
    });
    const updated = columns.filter((c) => !conflict.includes(c));
    sql += ` ON CONFLICT (${conflict.map((c) => q(c.databaseName)).join(', ')})`;
    sql +=
      updated.length === 0
        ? ' DO NOTHING'
        : ` DO UPDATE SET ${updated.map((c) => `${q(c.databaseName)} = EXCLUDED.${q(c.databaseName)}`).join(', ')}`;
  }
  const statement = { sql, columns };
  if (rowCount <= KEPT_ROWS) cache.set(key, statement);
  return statement;
}
