import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { isSqlite } from '@rectiflow/persistence';
import { isDepartmentScoped, TASK_KINDS, type Actor } from '@rectiflow/domain';

/**
 * The inbox's SQL, written once per shape of request instead of through TypeORM's query
 * builder on every call: building the three builders, escaping them and hydrating entities
 * cost about half a millisecond of CPU per GET /api/inbox, as much as the two queries
 * themselves on the embedded SQLite read model.
 *
 * The text depends only on the shape (whether each of the caller's roles is department-scoped
 * and which filters are given), never on values, which are bound as parameters. So a shape's
 * statements are built on first use and reused, and the drivers' prepared-statement caches,
 * keyed by the SQL text, hit every time. Shapes are few (role lists are short and come from a
 * fixed set), so the map stays small.
 *
 * On PostgreSQL that cache is the server's, per connection, and only for named statements,
 * which TypeORM never sends: so the inbox's statements go to node-postgres' pool by name
 * (`InboxSql.run`), parsed and planned once per connection instead of on every request.
 */

export const INBOX_SORTS = ['due', 'code', 'kind'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

/** The inbox's filters and order (InboxQueryDto's). */
export interface InboxFilters {
  kind?: string;
  roundId?: string;
  overdue?: boolean;
  /** The inspecting side narrowing to one unit. */
  unitId?: string;
  /** Words of the finding's title or number, its measures or its stage reports. */
  q?: string;
  sort?: InboxSort;
  order?: 'asc' | 'desc';
}

/** Every value a statement may bind, by name. */
export interface InboxParams {
  me: string;
  dept: string;
  /** The caller's unit ('-' for the inspecting side, who take no unit's tasks by role). */
  unit: string;
  roles: readonly string[];
  unitId?: string;
  kind?: string;
  roundId?: string;
  /** `q` as a LIKE pattern (escaped). */
  q?: string;
  now: string;
  limit?: number;
  offset?: number;
}

// Where the page statement's LIMIT and OFFSET go, and the rows each ordered branch of the page
// reads at most (`{reach}`: OFFSET + LIMIT). On SQLite they are written into the text as
// numbers, not bound: SQLite plans a literal limit better (the page query runs ~10 % faster
// here). On PostgreSQL they are bound (`:limit`, `:offset`, `:reach`), so that a shape's text,
// and the statement prepared from it, is the same for every page.
const NUMBERS = /\{(limit|offset|reach)\}/g;

/** A non-negative integer; anything else would be a bug upstream (or an injection). */
function whole(n: number | undefined): number {
  if (n === undefined || !Number.isSafeInteger(n) || n < 0)
    throw new TypeError(`LIMIT/OFFSET must be a non-negative integer, not ${n}`);
  return n;
}

/** LIMIT, OFFSET or a branch's reach (OFFSET + LIMIT) of a page, each checked whole. */
function pageNumber(name: 'limit' | 'offset' | 'reach', p: InboxParams): number {
  return name === 'reach' ? whole(p.offset) + whole(p.limit) : whole(p[name]);
}

/** One statement in the driver's own dialect, and how to take its values from InboxParams. */
export class InboxStatement {
  private readonly values: ((p: InboxParams) => unknown)[];
  private readonly numbered: boolean;
  /** The name it is prepared under on PostgreSQL: one per text (NAMEDATALEN is 64). */
  readonly name: string;

  /** @param names the parameter at each placeholder of `sql`, in binding order */
  constructor(
    private readonly sql: string,
    names: readonly string[],
  ) {
    this.numbered = new RegExp(NUMBERS.source).test(sql);
    this.name = `inbox_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
    this.values = names.map((name) => {
      if (name === 'limit' || name === 'offset' || name === 'reach')
        return (p) => pageNumber(name, p);
      // The caller's roles are bound as r0, r1, … in their order.
      const role = /^r(\d+)$/.exec(name);
      if (role) {
        const i = Number(role[1]);
        return (p) => p.roles[i];
      }
      return (p) => p[name as Exclude<keyof InboxParams, 'roles'>];
    });
  }

  text(p: InboxParams): string {
    if (!this.numbered) return this.sql;
    return this.sql.replace(NUMBERS, (_, name: 'limit' | 'offset' | 'reach') =>
      String(pageNumber(name, p)),
    );
  }

  params(p: InboxParams): unknown[] {
    return this.values.map((value) => value(p));
  }
}

export interface InboxStatements {
  /** `{ n }`: how many tasks match. */
  count: InboxStatement;
  /**
   * The page of matching tasks (every task column, `findingTitle`, `findingCode`) in inbox
   * order; where `pageCounts`, each row also has `total`, how many tasks match in all.
   */
  page: InboxStatement;
  /**
   * Whether the page's rows carry the total (PostgreSQL, when the page sorts every match), so
   * `count` is needed only apart.
   */
  pageCounts: boolean;
  /** `{ kind, n, overdue }` per kind, over the unfiltered inbox. */
  counts: InboxStatement;
}

/** The task columns an inbox item is made of (TaskEntity's, which are named as its properties). */
const TASK_COLUMNS = [
  'id',
  'findingId',
  'roundId',
  'unitId',
  'kind',
  'role',
  'role2',
  'departmentId',
  'targetUserId',
  'assigneeId',
  'status',
  'dueAt',
  'cycle',
  'subjectTaskId',
  'escalationLevel',
  'createdAt',
  'completedAt',
  'completedBy',
] as const;

/**
 * Open tasks of any of the caller's roles in the caller's unit (department-scoped roles only in
 * the caller's department, personal steps only for their person) and the tasks the caller has
 * claimed.
 * Identifiers are quoted: PostgreSQL folds unquoted camelCase names to lower case.
 */
function matching(t: string, deptScoped: readonly boolean[], filters: InboxFilters): string {
  const roles = deptScoped.length
    ? deptScoped
        .map((scoped, i) => {
          const either = `(${t}."role" = :r${i} OR ${t}."role2" = :r${i})`;
          return scoped ? `(${either} AND ${t}."departmentId" = :dept)` : either;
        })
        .join(' OR ')
    : '1 = 0';
  return (
    `((${t}."status" = 'open' AND ${t}."unitId" = :unit AND (${t}."targetUserId" IS NULL OR ${t}."targetUserId" = :me) AND (${roles}))` +
    ` OR (${t}."status" = 'claimed' AND ${t}."assigneeId" = :me))` +
    ` AND ${besides(t, filters)}`
  );
}

/** What every matching task meets besides whose it is: separation of duties and the filters. */
function besides(t: string, filters: InboxFilters): string {
  return `NOT ${barredBySeparation(t)}${filtered(t, filters)}`;
}

/** The filters, each as ` AND …` (nothing without filters). */
function filtered(t: string, filters: InboxFilters): string {
  let sql = '';
  if (filters.kind) sql += ` AND ${t}."kind" = :kind`;
  if (filters.roundId) sql += ` AND ${t}."roundId" = :roundId`;
  if (filters.overdue) sql += ` AND ${t}."dueAt" < :now`;
  if (filters.unitId) sql += ` AND ${t}."unitId" = :unitId`;
  if (filters.q) sql += ` AND ${searched(t)}`;
  return sql;
}

/**
 * `matching` as branches whose union is the same tasks, each a lookup of one index in inbox
 * order (status, role or role2, department, then due time, created, id: idx_tasks_inbox_role,
 * idx_tasks_inbox_role2; a claimed task by its assignee). The inbox puts tasks without a due
 * time last: PostgreSQL's ascending index order does too (NULLS LAST), SQLite's puts them
 * first, so on SQLite (`splitDue`) each branch is split in two, with and without a due time.
 */
function orderedBranches(
  t: string,
  deptScoped: readonly boolean[],
  splitDue: boolean,
): { where: string; due: boolean }[] {
  const open = deptScoped.flatMap((scoped, i) =>
    ['role', 'role2'].map(
      (column) =>
        `${t}."status" = 'open' AND ${t}."${column}" = :r${i}` +
        (scoped ? ` AND ${t}."departmentId" = :dept` : '') +
        ` AND ${t}."unitId" = :unit AND (${t}."targetUserId" IS NULL OR ${t}."targetUserId" = :me)`,
    ),
  );
  const all = [...open, `${t}."status" = 'claimed' AND ${t}."assigneeId" = :me`];
  if (!splitDue) return all.map((where) => ({ where, due: true }));
  return all.flatMap((where) => [
    { where: `${where} AND ${t}."dueAt" IS NOT NULL`, due: true },
    { where: `${where} AND ${t}."dueAt" IS NULL`, due: false },
  ]);
}

/**
 * `matching`'s count as a sum over the page's branches, each counting only what no branch before
 * it matched, so that each is one index range (PostgreSQL: the bitmap OR of the roles' indexes
 * read every matching row through the heap; 9.2 -> 7.2 ms p50 with 15,000 open tasks).
 * Separation of duties is the count's FILTER, not part of its WHERE: the planner prices an OR
 * of subqueries at the cost of every subquery, on every row it expects to test, so the better
 * it estimates a department's rows (migration 1770800000000), the likelier it is to prefer an
 * index scan filtered on the table to the covering index read alone (`idx_tasks_inbox_cover`
 * holds the kind and the finding the test needs): 7.9 against 2.2 ms p50 for 4,000 open tasks
 * with statistics over every column of the condition. The aggregate's FILTER costs the same
 * whichever way the rows are read (BENCH.md, "A department's inbox estimated right").
 */
function disjointCount(t: string, deptScoped: readonly boolean[], filters: InboxFilters): string {
  const branches = orderedBranches(t, deptScoped, false).map((b) => b.where);
  return (
    'SELECT ' +
    branches
      .map((where, i) => {
        const before = branches.slice(0, i);
        const fresh = before.length
          ? ` AND (${before.map((b) => `(${b})`).join(' OR ')}) IS NOT TRUE`
          : '';
        return `(SELECT COUNT(*) FILTER (WHERE NOT ${barredBySeparation(t)}) FROM "tasks" ${t} WHERE ${where}${fresh}${filtered(t, filters)})`;
      })
      .join(' + ') +
    ' AS "n"'
  );
}

/** The task's finding matches `q` by its number or title, a measure's text or a report's. */
function searched(t: string): string {
  const like = (column: string) => `${column} LIKE :q ESCAPE '\\'`;
  return (
    `(EXISTS (SELECT 1 FROM "findings" qf WHERE qf."id" = ${t}."findingId" AND (${like('qf."title"')} OR ${like('qf."code"')}))` +
    ` OR EXISTS (SELECT 1 FROM "measures" qm WHERE qm."findingId" = ${t}."findingId" AND ${like('qm."text"')})` +
    ` OR EXISTS (SELECT 1 FROM "stage_reports" qr WHERE qr."findingId" = ${t}."findingId" AND ${like('qr."report"')}))`
  );
}

const REVIEWS = `('review_1', 'review_2', 'review_3')`;

/** Characters of a public comment that title its task in an inbox. */
const EXCERPT = 60;

/**
 * Separation of duties (libs/domain separation-of-duties.ts) in SQL over the finding's finished
 * steps, so the inbox never offers what the caller would be refused: the measures' approval to
 * whoever drafted them last, a review to whoever submitted the latest evidence or already
 * completed another level of its review. Each part is an EXISTS (true or false, never NULL).
 */
function barredBySeparation(t: string): string {
  const latest = (kind: string) =>
    `(SELECT MAX(s."completedAt") FROM "tasks" s WHERE s."findingId" = ${t}."findingId" AND s."kind" = '${kind}' AND s."status" = 'done')`;
  const drafter =
    `(${t}."kind" = 'approve_measures' AND EXISTS (SELECT 1 FROM "tasks" d WHERE d."findingId" = ${t}."findingId"` +
    ` AND d."kind" = 'draft_measures' AND d."status" = 'done' AND d."completedBy" = :me` +
    ` AND d."completedAt" = ${latest('draft_measures')}))`;
  const reviewer =
    `(${t}."kind" IN ${REVIEWS} AND EXISTS (SELECT 1 FROM "tasks" d WHERE d."findingId" = ${t}."findingId"` +
    ` AND d."status" = 'done' AND d."completedBy" = :me` +
    ` AND (d."kind" = 'submit_evidence' OR (d."kind" IN ${REVIEWS} AND d."kind" <> ${t}."kind"))` +
    ` AND d."completedAt" >= ${latest('submit_evidence')}))`;
  return `(${drafter} OR ${reviewer})`;
}

/**
 * Due first (none last), then oldest first; or by the finding's number (`f` the joined finding)
 * or by step, each then by due time. `desc` reverses the chosen key only.
 */
function order(t: string, f: string, filters: InboxFilters): string {
  const dir = filters.order === 'desc' ? 'DESC' : 'ASC';
  const due = (d: string) =>
    `CASE WHEN ${t}."dueAt" IS NULL THEN 1 ELSE 0 END ASC, ${t}."dueAt" ${d}, ${t}."createdAt" ASC, ${t}."id" ASC`;
  // Tasks without a finding (public comments) after the findings' steps, on every database.
  if (filters.sort === 'code')
    return `CASE WHEN ${f}."id" IS NULL THEN 1 ELSE 0 END ASC, ${f}."roundId" ASC, ${f}."seq" ${dir}, ${due('ASC')}`;
  if (filters.sort === 'kind') {
    const rank = TASK_KINDS.map((k, i) => `WHEN '${k}' THEN ${i}`).join(' ');
    return `CASE ${t}."kind" ${rank} ELSE ${TASK_KINDS.length} END ${dir}, ${due('ASC')}`;
  }
  return due(dir);
}

export class InboxSql {
  private readonly shapes = new Map<string, InboxStatements>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs a statement and returns its rows. On PostgreSQL by name on node-postgres' pool (the
   * one TypeORM opened, with its session settings), so that each connection parses and plans
   * it once and then only binds and executes (and PostgreSQL may keep a generic plan): for
   * the inbox's count and page of a department with 15,000 open tasks, planning was a good
   * part of each request. Logged as TypeORM's own queries are.
   */
  async run<T>(statement: InboxStatement, p: InboxParams): Promise<T[]> {
    const text = statement.text(p);
    const values = statement.params(p);
    if (isSqlite(this.dataSource)) return this.dataSource.query<T[]>(text, values);
    this.dataSource.logger.logQuery(text, values);
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const { rows } = await pool.query<T & object>({ name: statement.name, text, values });
    return rows;
  }

  statements(actor: Actor, filters: InboxFilters): InboxStatements {
    const deptScoped = actor.roles.map(isDepartmentScoped);
    const key = `${deptScoped.map((d) => (d ? 'd' : 'p')).join('')}|${filters.kind ? 'k' : ''}${filters.roundId ? 'r' : ''}${filters.overdue ? 'o' : ''}${filters.unitId ? 'u' : ''}${filters.q ? 'q' : ''}|${filters.sort ?? 'due'}|${filters.order ?? 'asc'}`;
    let statements = this.shapes.get(key);
    if (!statements) {
      statements = this.build(deptScoped, filters);
      this.shapes.set(key, statements);
    }
    return statements;
  }

  private build(deptScoped: readonly boolean[], filters: InboxFilters): InboxStatements {
    // Count and pick the page's ids on the tasks table alone (idx_tasks_inbox_cover holds
    // every column they read), then join the findings for that page only: joining first would
    // read every matching task row and its finding just to count and sort them.
    const columns = TASK_COLUMNS.map((c) => `t."${c}"`).join(', ');
    // Sorting by number needs the finding in the page's subquery; the usual order does not.
    const byCode = filters.sort === 'code';
    // In the usual order (due first), each branch of the inbox reads at most OFFSET + LIMIT
    // tasks in index order and the page is taken from their union: a department with 16,000
    // open tasks no longer sorts all of them for a page of 50 (SQLite 8.8 -> 1.4 ms). On
    // PostgreSQL this pays only because the statement is prepared once (`run`): parsed and
    // planned on each request, the union's branches cost more than the sort they save (the
    // page's round trip 9 -> 15 ms; BENCH.md, "The inbox's page in index order"). Other orders
    // sort every match.
    const sqlite = isSqlite(this.dataSource);
    const byDue = (filters.sort ?? 'due') === 'due' && filters.order !== 'desc';
    const num = (name: 'limit' | 'offset' | 'reach') => (sqlite ? `{${name}}` : `:${name}`);
    // Where the page sorts every match (PostgreSQL, other orders), the total is a window over
    // the rows it sorts (before its LIMIT): the matching tasks, each with its
    // separation-of-duties check, are read once, not once to count and again to sort (count
    // and page 15.6 -> 11.4 ms p50 with 16,322 open tasks). Not on SQLite, where the count from
    // the covering index is cheaper than the window's materialised rows.
    const pageCounts = !sqlite && !byDue;
    const total = pageCounts ? ', COUNT(*) OVER () AS "total"' : '';
    const pick = byDue
      ? `SELECT u."id" FROM (` +
        orderedBranches('m', deptScoped, sqlite)
          .map(
            ({ where, due }, i) =>
              `SELECT * FROM (SELECT m."id", m."dueAt", m."createdAt" FROM "tasks" m WHERE ${where} AND ${besides('m', filters)}` +
              ` ORDER BY ${due ? 'm."dueAt" ASC, ' : ''}m."createdAt" ASC, m."id" ASC LIMIT ${num('reach')}) b${i}`,
          )
          .join(' UNION ') +
        `) u ORDER BY ${order('u', 'uf', filters)} LIMIT ${num('limit')} OFFSET ${num('offset')}`
      : `SELECT m."id"${total} FROM "tasks" m` +
        // LEFT: a public comment's task has no finding (it sorts after the findings' steps).
        (byCode ? ` LEFT JOIN "findings" mf ON mf."id" = m."findingId"` : '') +
        ` WHERE ${matching('m', deptScoped, filters)}` +
        ` ORDER BY ${order('m', 'mf', filters)} LIMIT ${num('limit')} OFFSET ${num('offset')}`;
    // The counts follow the list's filters, except the kind they are broken down by.
    const countFilters: InboxFilters = { ...filters, kind: undefined };
    return {
      count: this.native(
        sqlite
          ? `SELECT COUNT(*) AS "n" FROM "tasks" t WHERE ${matching('t', deptScoped, filters)}`
          : disjointCount('t', deptScoped, filters),
      ),
      // The page only (≤ pageSize rows) joins: its finding, or for a `public_comment` task
      // (findingId null) its comment by primary key, whose start titles the row. The picked ids
      // drive the join (a derived table, not `t.id IN (…)`): PostgreSQL planned the IN as a hash
      // semi-join that read every task row and joined it to the comments first, 10 of the
      // page's 22 ms with 16,000 open tasks (BENCH.md, "The inbox's index").
      page: this.native(
        `SELECT ${columns}, COALESCE(f."title", (SELECT SUBSTR(pc."text", 1, ${EXCERPT}) FROM "public_comments" pc WHERE t."findingId" IS NULL AND pc."id" = t."id")) AS "findingTitle", COALESCE(f."code", '') AS "findingCode"${total ? ', p."total" AS "total"' : ''}` +
          ` FROM (${pick}) p JOIN "tasks" t ON t."id" = p."id"` +
          ` LEFT JOIN "findings" f ON f."id" = t."findingId"` +
          ` ORDER BY ${order('t', 'f', filters)}`,
      ),
      pageCounts,
      counts: this.native(
        `SELECT t."kind" AS "kind", COUNT(*) AS "n", SUM(CASE WHEN t."dueAt" < :now THEN 1 ELSE 0 END) AS "overdue"` +
          ` FROM "tasks" t WHERE ${matching('t', deptScoped, countFilters)} GROUP BY t."kind"`,
      ),
    };
  }

  /**
   * `:name` placeholders to the driver's own (`?` on SQLite, `$n` on PostgreSQL), by the
   * driver itself: handed each name as its value, it returns the names in binding order.
   */
  private native(sql: string): InboxStatement {
    const names = [...new Set(Array.from(sql.matchAll(/:(\w+)/g), (m) => m[1]))];
    const [text, order] = this.dataSource.driver.escapeQueryWithParameters(
      sql,
      Object.fromEntries(names.map((n) => [n, n])),
      {},
    );
    return new InboxStatement(text, order as string[]);
  }
}
