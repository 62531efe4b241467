import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { sqliteFile } from '@rectiflow/persistence';
import { pollUntil } from '../../support/poll';
import type { TestDatabase } from '../../support/test-database';

export interface Hold {
  release(): Promise<void>;
}

/**
 * Holds the read model's write lock from another connection, as a backup job or a stuck
 * session would, so a projection that starts now stops inside its transaction.
 * - SQLite: BEGIN IMMEDIATE takes the one write lock; the projection waits at its own BEGIN.
 * - PostgreSQL: the audit head row is written last in every projection, so locking that table
 *   stops the projection after it has already written its finding, task and measure rows.
 */
export async function holdWrites(db: TestDatabase): Promise<Hold> {
  if (!db.databaseUrl) {
    const conn = new Database(sqliteFile(db.dataDir), { timeout: 5000 });
    conn.exec('BEGIN IMMEDIATE');
    return {
      release: async () => {
        conn.exec('ROLLBACK');
        conn.close();
      },
    };
  }
  const conn = new Client({ connectionString: db.databaseUrl });
  await conn.connect();
  await conn.query('BEGIN');
  await conn.query('LOCK TABLE "audit_head" IN EXCLUSIVE MODE');
  return {
    release: async () => {
      await conn.query('ROLLBACK');
      await conn.end();
    },
  };
}

/** PostgreSQL: sessions of this database waiting for a lock (a projection stopped mid-way). */
export async function lockWaiters(db: TestDatabase): Promise<number> {
  if (!db.databaseUrl) return 0;
  const conn = new Client({ connectionString: db.databaseUrl });
  await conn.connect();
  try {
    const res = await conn.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return Number(res.rows[0].n);
  } finally {
    await conn.end();
  }
}

/** PostgreSQL: waits until no session of this database is left inside a transaction. */
export async function untilNoOpenTransactions(db: TestDatabase): Promise<void> {
  if (!db.databaseUrl) return;
  await pollUntil('abandoned transactions to end', async () => {
    const conn = new Client({ connectionString: db.databaseUrl as string });
    await conn.connect();
    try {
      const res = await conn.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid()
             AND (state LIKE 'idle in transaction%' OR wait_event_type = 'Lock')`,
      );
      return Number(res.rows[0].n) === 0;
    } finally {
      await conn.end();
    }
  });
}

const ACTIVITY_STARTED = temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;
const WORKFLOW_TASK_STARTED =
  temporal.api.enums.v1.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED;

/**
 * Waits until a worker has taken the step sent to an idle finding's workflow and is recording
 * it: its projection runs as a local activity inside a started workflow task (histories from
 * before that change run it as an activity task of its own, so either counts).
 */
export async function untilStepInFlight(handle: WorkflowHandle): Promise<void> {
  await pollUntil('a worker to take the step and start recording it', async () => {
    const { raw } = await handle.describe();
    return (
      raw.pendingWorkflowTask?.state === WORKFLOW_TASK_STARTED ||
      (raw.pendingActivities ?? []).some((a) => a.state === ACTIVITY_STARTED)
    );
  });
}
