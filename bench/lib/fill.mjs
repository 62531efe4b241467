// Bulk rows for the inbox figure. Driving 40,000 more steps through workflows would take the
// bench longer than its budget, so the done history of the department's findings is inserted
// straight into the read model (the same row shape the projection writes: a real task row is
// the template), and the PostgreSQL read model is a copy of the SQLite one. The action,
// import and idle figures run on real workflows only.

import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';

const DAY = 86_400_000;

/** The earlier, finished steps of one finding: who held them, in order. */
const HISTORY = [
  { kind: 'assign', role: 'office', dept: false, leader: false, by: 'office' },
  { kind: 'draft_measures', role: 'department', dept: true, leader: false, by: 'dept' },
  { kind: 'approve_measures', role: 'leader', dept: false, leader: true, by: 'leader' },
  { kind: 'submit_evidence', role: 'department', dept: true, leader: false, by: 'dept' },
];

/**
 * Inserts `perFinding` done task rows for every finding of department `deptId`.
 * @returns {{ findings: number, inserted: number, tasks: number, open: number }}
 */
export function insertDoneHistory(file, { deptId, perFinding, userIds }) {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 30000');
    const findings = db
      .prepare('SELECT id, roundId, responsibleLeaderId FROM findings WHERE leadDepartmentId = ?')
      .all(deptId);
    const template = db.prepare('SELECT * FROM tasks WHERE departmentId = ? LIMIT 1').get(deptId);
    if (!template) throw new Error('no task row of the department to copy the shape from');
    const cols = Object.keys(template);
    const insert = db.prepare(
      `INSERT INTO tasks (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`,
    );
    const now = Date.now();
    let n = 0;
    db.transaction(() => {
      for (const f of findings) {
        // Spread over the last year, so due and creation times vary as in a real table.
        let at = now - (30 + ((n * 7919) % 330)) * DAY;
        for (let i = 0; i < perFinding; i++) {
          const h = HISTORY[i % HISTORY.length];
          const row = { ...template };
          for (const c of cols) if (!(c in row)) row[c] = null;
          Object.assign(row, {
            id: randomUUID(),
            findingId: f.id,
            roundId: f.roundId,
            kind: h.kind,
            role: h.role,
            role2: null,
            departmentId: h.dept ? deptId : null,
            targetUserId: h.leader ? f.responsibleLeaderId : null,
            assigneeId: null,
            status: 'done',
            dueAt: new Date(at + 15 * DAY).toISOString(),
            cycle: 0,
            subjectTaskId: null,
            escalationLevel: 0,
            createdAt: new Date(at).toISOString(),
            completedAt: new Date(at + 3 * DAY).toISOString(),
            completedBy: h.by === 'leader' ? f.responsibleLeaderId : userIds[h.by],
          });
          for (const c of cols) if (!(c in template)) delete row[c];
          insert.run(row);
          n += 1;
          at += 3 * DAY;
        }
      }
    })();
    const tasks = db.prepare('SELECT COUNT(*) AS n FROM tasks').get().n;
    const open = db
      .prepare(`SELECT COUNT(*) AS n FROM tasks WHERE status IN ('open', 'claimed')`)
      .get().n;
    return { findings: findings.length, inserted: n, tasks, open };
  } finally {
    db.close();
  }
}

/**
 * Copies rounds, findings and tasks from the SQLite read model into a PostgreSQL one whose
 * API seeded its own demo organisation: unit, department and user ids are mapped by code and
 * username. Units, departments and users the demo organisation lacks (those the growth curve
 * adds: bench/lib/growth-fill.mjs) are copied first, under their own ids. VACUUM ANALYZE
 * afterwards, as autovacuum does within a minute of such a load (PostgreSQL 13+ vacuums after
 * inserts too), so plans, statistics and the visibility map are those of a settled table.
 */
export async function copyReadModelToPostgres(file, connectionString) {
  const db = new Database(file, { fileMustExist: true, readonly: true });
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const map = new Map();
    const counts = {};
    await client.query('BEGIN');
    // Units first, then departments (of a unit), then users (of both): each by its key.
    for (const [table, key] of [
      ['units', 'code'],
      ['departments', 'code'],
      ['users', 'username'],
    ]) {
      const onPg = new Map(
        (await client.query(`SELECT id, "${key}" AS k FROM "${table}"`)).rows.map((r) => [
          r.k,
          r.id,
        ]),
      );
      const lacking = [];
      for (const row of db.prepare(`SELECT * FROM "${table}"`).all()) {
        if (onPg.has(row[key])) map.set(row.id, onPg.get(row[key]));
        else {
          map.set(row.id, row.id);
          lacking.push(row);
        }
      }
      await insertAll(client, table, lacking, (v) => remap(map, v));
      counts[table] = lacking.length;
    }
    for (const table of ['rounds', 'findings', 'tasks']) {
      const rows = db.prepare(`SELECT * FROM "${table}"`).all();
      counts[table] = rows.length;
      await insertAll(client, table, rows, (v) => remap(map, v));
    }
    await client.query('COMMIT');
    await client.query('VACUUM ANALYZE');
    return counts;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await client.end();
    db.close();
  }
}

/** A SQLite id (or a JSON list of them) as PostgreSQL's; any other value as it is. */
function remap(map, v) {
  if (typeof v !== 'string') return v;
  if (map.has(v)) return map.get(v);
  if (v.startsWith('[') && v.endsWith(']')) {
    try {
      const list = JSON.parse(v);
      if (Array.isArray(list)) return JSON.stringify(list.map((x) => map.get(x) ?? x));
    } catch {
      /* not JSON */
    }
  }
  return v;
}

/** Multi-row INSERTs of SQLite rows (booleans as 0/1, which PostgreSQL takes), values mapped. */
async function insertAll(client, table, rows, value) {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]);
  const batch = Math.max(1, Math.floor(30_000 / cols.length));
  for (let i = 0; i < rows.length; i += batch) {
    const params = [];
    const tuples = rows.slice(i, i + batch).map((row) => {
      const ph = cols.map((c) => {
        params.push(value(row[c]));
        return `$${params.length}`;
      });
      return `(${ph.join(', ')})`;
    });
    await client.query(
      `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`,
      params,
    );
  }
}
