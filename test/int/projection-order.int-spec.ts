import type { DataSource } from 'typeorm';
import type { FindingRow, ProjectionBatch, TaskRow } from '@rectiflow/contracts';
import {
  applyProjectionOps,
  FindingEntity,
  TaskEntity,
  taskRoles,
  writeTransaction,
} from '@rectiflow/persistence';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * The read model never goes back in a finding's life. A projection is a local activity: an
 * attempt that outlived its workflow task (the task timed out while the database was away, and
 * another worker carried the finding on) can still commit afterwards, with a snapshot of an
 * earlier step. Every batch a workflow sends is numbered above the one before, and the read
 * model refuses one no newer than the newest it took (SQLite here, PostgreSQL with DATABASE_URL).
 */
describe('projection order: a stale batch does not take a finding back', () => {
  let stack: TestStack;
  let world: World;
  let ds: DataSource;

  beforeAll(async () => {
    stack = await startStack();
    world = await World.create(stack, undefined, { title: '投影顺序样本' });
    ds = stack.dataSource;
  });

  afterAll(async () => {
    await stack?.close();
  });

  const seqOf = async (id: string): Promise<number> => {
    const row = await ds
      .getRepository(FindingEntity)
      .findOne({ select: { id: true, projectedSeq: true }, where: { id } });
    return Number(row?.projectedSeq ?? 0);
  };
  const apply = (batch: ProjectionBatch) =>
    writeTransaction(ds, (em) => applyProjectionOps(em, batch));
  const asTaskRow = (t: TaskEntity): TaskRow => {
    const { unitId: _unit, role: _role, role2: _role2, ...rest } = t;
    return { ...rest, roles: taskRoles(t) } as TaskRow;
  };

  it('numbers every batch of a workflow upwards, and refuses an older or repeated one', async () => {
    const id = await world.createFinding({ dept: 'D1', measures: [] });
    const draft = await world.mustTask(id, 'draft_measures');
    expect(draft.status).toBe('open');
    const before = await world.finding(id);
    // The API wrote the first projection, in the transaction that created the finding: not
    // numbered. The workflow's batches are.
    expect(await seqOf(id)).toBe(0);
    await world.step(id);
    const after = await world.finding(id);
    expect(after.stage).not.toBe(before.stage);
    const seqAfter = await seqOf(id);
    expect(seqAfter).toBeGreaterThan(Date.parse(before.createdAt) * 1000);

    // The draft step's batch written again late, as a stale attempt would: the finding back at
    // drafting with its draft task open. Refused whole, with its numbers older and equal.
    const { unitId: _unit, ...staleRow } = before;
    const stale = (seq: number): ProjectionBatch => ({
      findingId: id,
      seq,
      ops: [
        { op: 'finding', row: staleRow as FindingRow },
        { op: 'task', row: asTaskRow(draft) },
      ],
    });
    for (const seq of [1, seqAfter - 1, seqAfter]) {
      expect(await apply(stale(seq))).toEqual({ stale: true, notifications: [] });
      expect((await world.finding(id)).stage).toBe(after.stage);
      const task = await ds.getRepository(TaskEntity).findOneByOrFail({ id: draft.id });
      expect(task.status).toBe('done');
      expect(await seqOf(id)).toBe(seqAfter);
    }

    // A batch without a number (a run from before numbering) is applied as before, and one
    // numbered above the newest is applied and becomes the newest: the guard is not a wall.
    const unnumbered = await apply({
      findingId: id,
      ops: [{ op: 'finding', row: after as FindingRow }],
    });
    expect(unnumbered.stale).toBe(false);
    const newer = await apply({
      ...stale(seqAfter + 1),
      ops: [{ op: 'finding', row: after as FindingRow }],
    });
    expect(newer.stale).toBe(false);
    expect(await seqOf(id)).toBe(seqAfter + 1);
  });
});
