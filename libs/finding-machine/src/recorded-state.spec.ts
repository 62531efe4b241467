import type {
  EscalationRow,
  FindingRow,
  MeasureRow,
  ProjectionOp,
  ReviewRow,
  StageReportRow,
  TaskRow,
} from '@rectiflow/contracts';
import { stateFromRecord, type RecordedFinding } from './recorded-state';
import { Harness, MIN, committee, dept1, dept1head, leader, T0 } from './test-support/harness';

/** The read model as the projection writes it, from every batch of ops in order. */
class ReadModel {
  finding!: FindingRow;
  measures = new Map<string, MeasureRow[]>();
  tasks = new Map<string, TaskRow>();
  reviews: ReviewRow[] = [];
  escalations = new Map<string, EscalationRow>();
  stageReports: StageReportRow[] = [];
  events: RecordedFinding['events'] = [];

  apply(ops: ProjectionOp[]): void {
    for (const op of JSON.parse(JSON.stringify(ops)) as ProjectionOp[]) {
      if (op.op === 'finding') this.finding = op.row;
      if (op.op === 'task') this.tasks.set(op.row.id, op.row);
      if (op.op === 'measures') this.measures.set(String(op.cycle), op.rows);
      if (op.op === 'review') this.reviews.push(op.row);
      if (op.op === 'escalation') this.escalations.set(op.row.id, op.row);
      if (op.op === 'stageReport') this.stageReports.push(op.row);
      if (op.op === 'event') this.events.push(op.event);
    }
  }

  record(): RecordedFinding {
    return {
      finding: this.finding,
      measures: [...this.measures.values()].flat(),
      tasks: [...this.tasks.values()],
      reviews: this.reviews,
      escalations: [...this.escalations.values()],
      stageReports: this.stageReports,
      events: this.events,
    };
  }
}

/** A harness whose every step is also projected into a read model. */
function recorded() {
  const h = new Harness().create();
  const model = new ReadModel();
  model.apply(h.ops);
  const step = (fn: () => unknown) => {
    fn();
    model.apply(h.ops);
  };
  return { h, model, step };
}

describe('stateFromRecord: the state a resumed run starts from', () => {
  it('equals the workflow state after a send-back (comments kept for the next evidence)', () => {
    const { h, model, step } = recorded();
    step(() => h.complete('draft_measures', dept1, { measures: [{ text: '一是建立学习制度' }] }));
    step(() => h.complete('approve_measures', leader, { decision: 'approve' }));
    const measuresDone = h.state.measures.map((m) => m.id);
    step(() =>
      h.complete('submit_evidence', dept1, { report: '已整改', evidenceIds: ['e1'], measuresDone }),
    );
    step(() => h.complete('review_1', dept1head, { decision: 'approve' }));
    step(() => h.complete('review_2', leader, { decision: 'reject', comment: '佐证不足' }));
    expect(h.state.sendBackComments).toHaveLength(1);
    expect(stateFromRecord(model.record())).toEqual(h.state);
  });

  it('keeps spent timers spent: the reminder sent and the escalation raised', () => {
    const { h, model, step } = recorded();
    step(() => h.complete('draft_measures', dept1, { measures: [{ text: '一是…' }] }));
    const approve = h.task('approve_measures');
    step(() => h.advanceTo(Date.parse(approve.dueAt as string) + 2 * MIN));
    expect(h.task('approve_measures')).toMatchObject({ reminded: true });
    expect(h.task('approve_measures').escalatedLevel).toBeGreaterThan(0);
    expect(Object.keys(h.state.escalations)).toHaveLength(1);
    expect(stateFromRecord(model.record())).toEqual(h.state);
  });

  it('keeps the look-back time of a closed finding', () => {
    const { h, model, step } = recorded();
    step(() => h.complete('draft_measures', dept1, { measures: [{ text: '一是建立学习制度' }] }));
    step(() => h.complete('approve_measures', leader, { decision: 'approve' }));
    const measuresDone = h.state.measures.map((m) => m.id);
    step(() =>
      h.complete('submit_evidence', dept1, { report: '已整改', evidenceIds: ['e1'], measuresDone }),
    );
    step(() => h.complete('review_1', dept1head, { decision: 'approve' }));
    step(() => h.complete('review_2', leader, { decision: 'approve' }));
    step(() => h.complete('review_3', committee, { decision: 'approve' }));
    expect(h.state.finding.stage).toBe('closed');
    expect(h.state.lookBackAt).not.toBeNull();
    expect(stateFromRecord(model.record())).toEqual(h.state);
    // Once the look-back has opened, it is not planned again.
    step(() => h.advanceTo(T0 + 24 * 60 * MIN));
    expect(h.has('look_back')).toBe(true);
    expect(stateFromRecord(model.record())).toEqual(h.state);
  });
});
