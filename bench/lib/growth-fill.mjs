// Grows the SQLite read model to a given number of findings by SQL, for the growth curves
// (issue 19, items 1 and 6). Driving 100,000 findings through their workflows would take hours,
// so the rows are inserted straight into the read model, each copied from a real row of the same
// table the bench created through the API (units, departments, users, rounds, findings, tasks),
// with the columns that vary set per row. What it makes, over all steps:
//   - 40 units (the demo's U1 and U2 among them), 400 departments (10 per unit), 2 leaders per
//     unit, 200 rounds (5 per unit);
//   - findings spread evenly over the units and rounds, in realistic proportions: 45 % closed
//     (80 % of them on time), 8 % long-term (长期整改), the rest open across the stages; of the
//     open ones about 15 % red, 10 % yellow, the rest green; 6 % escalated (with an escalation
//     row each), 20 % with a co-department, some sent back or with accountability;
//   - their task rows: the finished steps (done) and, for an open finding, its open task; about
//     five task rows per finding, as the inbox figure's history has.
// The demo department D1 leads none of them (its open tasks stay those of real workflows, so the
// action figure still acts on real findings); D1 is a co-department of some, as any department.
// Nothing is inserted into the workflows (Temporal): the filled findings have no workflow, so
// acting on one would fail; the bench never does.

import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';

const DAY = 86_400_000;
const UNITS = 40;
const DEPTS_PER_UNIT = 10;
const ROUNDS_PER_UNIT = 5;
const LEADERS_PER_UNIT = 2;

/** Open stages and the open task each has: kind, role, and whom it is for. */
const OPEN = [
  { stage: 'assign', share: 3, kind: 'assign', role: 'office', to: 'unit' },
  { stage: 'draft_measures', share: 8, kind: 'draft_measures', role: 'department', to: 'dept' },
  { stage: 'approve_measures', share: 5, kind: 'approve_measures', role: 'leader', to: 'leader' },
  { stage: 'evidence', share: 18, kind: 'submit_evidence', role: 'department', to: 'dept' },
  { stage: 'review_1', share: 6, kind: 'review_1', role: 'department_head', to: 'dept' },
  { stage: 'review_2', share: 4, kind: 'review_2', role: 'leader', to: 'leader' },
  { stage: 'review_3', share: 3, kind: 'review_3', role: 'office', to: 'unit' },
  { stage: 'long_term', share: 8, kind: 'stage_report', role: 'department', to: 'dept' },
];
const CLOSED_SHARE = 45;
const HISTORY = [
  { kind: 'assign', role: 'office', to: 'unit' },
  { kind: 'draft_measures', role: 'department', to: 'dept' },
  { kind: 'approve_measures', role: 'leader', to: 'leader' },
  { kind: 'submit_evidence', role: 'department', to: 'dept' },
  { kind: 'review_1', role: 'department_head', to: 'dept' },
];

/** A deterministic number in [0, 1) for row i and purpose salt. */
function rand(i, salt) {
  let x = (i * 2654435761 + salt * 40503) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x45d9f3b) >>> 0;
  x ^= x >>> 16;
  return (x >>> 0) / 2 ** 32;
}

function inserter(db, table, template) {
  const cols = Object.keys(template);
  const stmt = db.prepare(
    `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`,
  );
  return (values) => {
    const row = { ...template };
    for (const [k, v] of Object.entries(values)) if (k in row) row[k] = v;
    stmt.run(row);
  };
}

function template(db, table, where = '1 = 1', params = []) {
  const row = db.prepare(`SELECT * FROM "${table}" WHERE ${where} LIMIT 1`).get(...params);
  if (!row) throw new Error(`no ${table} row to copy the shape from`);
  return row;
}

/** Creates the 40 units' organisation and rounds once; returns what the findings refer to. */
function organisation(db) {
  const now = new Date().toISOString();
  const units = db
    .prepare(`SELECT id, code FROM units ORDER BY CASE WHEN code LIKE 'G%' THEN 1 ELSE 0 END, code`)
    .all();
  const addUnit = inserter(db, 'units', template(db, 'units'));
  for (let i = units.length; i < UNITS; i++) {
    const u = { id: randomUUID(), code: `G${String(i + 1).padStart(2, '0')}` };
    addUnit({ ...u, name: `基准测试单位${i + 1}`, createdAt: now, settings: null });
    units.push(u);
  }
  const deptTemplate = template(db, 'departments');
  const addDept = inserter(db, 'departments', deptTemplate);
  const leaderTemplate = template(db, 'users', `username = 'leader1'`);
  const addUser = inserter(db, 'users', leaderTemplate);
  const roundTemplate = template(db, 'rounds');
  const addRound = inserter(db, 'rounds', roundTemplate);
  const d1 = db.prepare(`SELECT id FROM departments WHERE code = 'D1'`).get()?.id;
  const office = db.prepare(`SELECT id FROM users WHERE username = 'office'`).get().id;
  const out = [];
  for (const [ui, u] of units.entries()) {
    const depts = db
      .prepare('SELECT id FROM departments WHERE unitId = ? AND id <> ? ORDER BY code')
      .all(u.id, d1 ?? '-')
      .map((d) => d.id);
    for (let k = depts.length; k < DEPTS_PER_UNIT; k++) {
      const id = randomUUID();
      addDept({
        id,
        unitId: u.id,
        code: `${u.code}-G${k + 1}`,
        name: `基准测试部门${k + 1}`,
        createdAt: now,
      });
      depts.push(id);
    }
    const leaders = db
      .prepare(`SELECT id FROM users WHERE unitId = ? AND username LIKE 'bench-leader-%'`)
      .all(u.id)
      .map((r) => r.id);
    for (let k = leaders.length; k < LEADERS_PER_UNIT; k++) {
      const id = randomUUID();
      addUser({
        id,
        unitId: u.id,
        username: `bench-leader-${u.code}-${k + 1}`,
        displayName: `基准测试领导${ui + 1}-${k + 1}`,
        departmentId: null,
        createdAt: now,
      });
      leaders.push(id);
    }
    const rounds = db
      .prepare(`SELECT id FROM rounds WHERE unitId = ? AND title LIKE '基准测试增长轮%'`)
      .all(u.id)
      .map((r) => ({ id: r.id }));
    for (let k = rounds.length; k < ROUNDS_PER_UNIT; k++) {
      const id = randomUUID();
      addRound({
        id,
        unitId: u.id,
        title: `基准测试增长轮 ${u.code}-${k + 1}`,
        createdBy: office,
        createdAt: new Date(Date.now() - (360 - k * 60) * DAY).toISOString(),
        findingSeq: 0,
        publication: null,
        batchId: null,
        handedOverAt: null,
        nextSteps: null,
      });
      rounds.push({ id });
    }
    out.push({ id: u.id, code: u.code, depts, leaders, rounds });
  }
  return { units: out, office, d1 };
}

/**
 * Adds findings (with their tasks and escalations) until the read model holds `target`.
 * @returns {{ findings: number, added: number, tasks: number, escalations: number, ms: number }}
 */
export function growReadModel(file, target) {
  const t0 = Date.now();
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 30000');
    const count = () => db.prepare('SELECT COUNT(*) AS n FROM findings').get().n;
    const have = count();
    let added = 0;
    let escalations = 0;
    if (have < target) {
      const findingTemplate = template(db, 'findings');
      const taskTemplate = template(db, 'tasks');
      const addFinding = inserter(db, 'findings', findingTemplate);
      const addTask = inserter(db, 'tasks', taskTemplate);
      const escCols = db.prepare(`PRAGMA table_info("escalations")`).all();
      const addEscalation = inserter(
        db,
        'escalations',
        Object.fromEntries(escCols.map((c) => [c.name, null])),
      );
      db.transaction(() => {
        const org = organisation(db);
        const seqOf = db.prepare('SELECT findingSeq AS s FROM rounds WHERE id = ?');
        const setSeq = db.prepare('UPDATE rounds SET findingSeq = ? WHERE id = ?');
        const seqs = new Map();
        const now = Date.now();
        const openTotal = OPEN.reduce((n, o) => n + o.share, 0);
        for (let n = have; n < target; n++) {
          const unit = org.units[n % UNITS];
          const roundId = unit.rounds[Math.floor(n / UNITS) % ROUNDS_PER_UNIT].id;
          const seq = (seqs.get(roundId) ?? seqOf.get(roundId).s) + 1;
          seqs.set(roundId, seq);
          const dept = unit.depts[Math.floor(rand(n, 1) * unit.depts.length)];
          const leader = unit.leaders[Math.floor(rand(n, 2) * unit.leaders.length)];
          const co =
            rand(n, 3) < 0.2
              ? [unit.code === 'U1' && org.d1 && rand(n, 4) < 0.3 ? org.d1 : unit.depts[0]]
              : [];
          const createdAt = now - (10 + Math.floor(rand(n, 5) * 355)) * DAY;
          const dueAt = createdAt + (60 + Math.floor(rand(n, 6) * 120)) * DAY;
          const id = randomUUID();
          let stage;
          let open = null;
          const pick = rand(n, 7) * 100;
          if (pick < CLOSED_SHARE) stage = 'closed';
          else {
            let r = ((pick - CLOSED_SHARE) / (100 - CLOSED_SHARE)) * openTotal;
            open = OPEN.find((o) => (r -= o.share) < 0) ?? OPEN[0];
            stage = open.stage;
          }
          // Next due time of an open finding: 15 % passed (red), 10 % within the warning days
          // (yellow), the rest later (green).
          const light = rand(n, 8);
          const nextDue =
            open === null
              ? null
              : light < 0.15
                ? now - (1 + Math.floor(rand(n, 9) * 40)) * DAY
                : light < 0.25
                  ? now + Math.floor(rand(n, 9) * 2 * DAY)
                  : now + (5 + Math.floor(rand(n, 9) * 60)) * DAY;
          const closedAt = stage === 'closed' ? dueAt + (rand(n, 10) < 0.8 ? -10 : 12) * DAY : null;
          const escalated = open !== null && light < 0.15 && rand(n, 11) < 0.4;
          const iso = (ms) => (ms === null ? null : new Date(ms).toISOString());
          addFinding({
            id,
            roundId,
            unitId: unit.id,
            areaId: null,
            themeId: null,
            code: `G${seq}`,
            seq,
            title: `第${seq}项：基准测试增长问题，整改措施落实不到位`,
            areaTitle: `第${(seq % 10) + 1}方面问题`,
            themeTitle: `第${(seq % 5) + 1}类问题`,
            stage,
            longTerm: stage === 'long_term' ? 1 : 0,
            responsibleLeaderId: stage === 'assign' ? null : leader,
            leadDepartmentId: stage === 'assign' ? null : dept,
            coDepartmentIds: JSON.stringify(stage === 'assign' ? [] : co),
            dueAt: iso(dueAt),
            nextDueAt: iso(nextDue),
            escalationLevel: escalated ? 1 : 0,
            cycle: 0,
            sentBackCount: rand(n, 12) < 0.15 ? 1 + Math.floor(rand(n, 13) * 2) : 0,
            accountabilityCount: rand(n, 14) < 0.03 ? 1 : 0,
            closedAt: iso(closedAt),
            lastReport: null,
            createdAt: iso(createdAt),
            updatedAt: iso(closedAt ?? createdAt + 3 * DAY),
            halted: 0,
            resumedAt: null,
            withdrawn: 0,
            withdrawnReason: null,
            withheld: 0,
            withheldReason: null,
            // Set by the read model's trigger when the escalation record below is inserted.
            escalatedOnce: 0,
          });
          const holder = (to) => ({
            departmentId: to === 'dept' ? dept : null,
            targetUserId: to === 'leader' ? leader : null,
          });
          // The finished steps: all five for a closed finding, those before its stage else.
          const stageIndex = open === null ? HISTORY.length : OPEN.indexOf(open);
          const done = Math.min(HISTORY.length, Math.max(0, stageIndex));
          let at = createdAt;
          for (let h = 0; h < done; h++) {
            addTask({
              id: randomUUID(),
              findingId: id,
              roundId,
              unitId: unit.id,
              kind: HISTORY[h].kind,
              role: HISTORY[h].role,
              role2: null,
              ...holder(HISTORY[h].to),
              assigneeId: null,
              status: 'done',
              dueAt: iso(at + 15 * DAY),
              cycle: 0,
              subjectTaskId: null,
              escalationLevel: 0,
              createdAt: iso(at),
              completedAt: iso(at + 3 * DAY),
              completedBy: HISTORY[h].to === 'leader' ? leader : org.office,
            });
            at += 3 * DAY;
          }
          if (open !== null) {
            const taskId = randomUUID();
            addTask({
              id: taskId,
              findingId: id,
              roundId,
              unitId: unit.id,
              kind: open.kind,
              role: open.role,
              role2: null,
              ...(stage === 'assign'
                ? { departmentId: null, targetUserId: null }
                : holder(open.to)),
              assigneeId: null,
              status: 'open',
              dueAt: iso(nextDue),
              cycle: 0,
              subjectTaskId: null,
              escalationLevel: escalated ? 1 : 0,
              createdAt: iso(at),
              completedAt: null,
              completedBy: null,
            });
            if (escalated) {
              addEscalation({
                id: randomUUID(),
                findingId: id,
                taskId,
                taskKind: open.kind,
                level: 1,
                status: 'open',
                escalationTaskId: null,
                action: null,
                comment: null,
                actorId: null,
                createdAt: iso(nextDue + DAY),
                resolvedAt: null,
              });
              escalations += 1;
            }
          }
          added += 1;
        }
        for (const [roundId, seq] of seqs) setSeq.run(seq, roundId);
      })();
      // No ANALYZE: the API never runs it on SQLite, so the planner sees what it sees in use.
    }
    return {
      findings: count(),
      added,
      tasks: db.prepare('SELECT COUNT(*) AS n FROM tasks').get().n,
      escalations,
      ms: Date.now() - t0,
    };
  } finally {
    db.close();
  }
}
