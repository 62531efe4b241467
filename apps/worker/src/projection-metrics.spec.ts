import type { ProjectionBatch, ProjectionOp } from '@rectiflow/contracts';
import { stepsOf } from './projection-metrics';

const event = (action: string, data: Record<string, unknown>): ProjectionOp => ({
  op: 'event',
  event: {
    id: `e-${action}`,
    at: '2026-01-01T00:00:00.000Z',
    actorId: null,
    action,
    entityType: 'finding',
    entityId: 'f1',
    findingId: 'f1',
    data,
  },
});

describe('stepsOf (the labels of rectiflow_finding_steps)', () => {
  it('labels each audited change by its action and the kind of the task it concerns', () => {
    const batch: ProjectionBatch = {
      findingId: 'f1',
      ops: [
        event('task.completed', { taskId: 't1', kind: 'draft_measures', input: { x: '一是…' } }),
        { op: 'measures', findingId: 'f1', cycle: 1, rows: [] },
        event('finding.retitled', { from: '旧标题', to: '新标题' }),
      ],
    };
    expect(stepsOf(batch)).toEqual([
      { action: 'task.completed', kind: 'draft_measures' },
      { action: 'finding.retitled', kind: '' },
    ]);
  });

  it('counts nothing for a batch without audited changes', () => {
    expect(stepsOf({ findingId: 'f1', ops: [] })).toEqual([]);
  });
});
