import type {
  EscalationRow,
  FindingRow,
  FindingState,
  MeasureRow,
  ReviewRow,
  StageReportRow,
  TaskRow,
} from '@rectiflow/contracts';
import { dutiesFromHistory, type Role, type TaskKind } from '@rectiflow/domain';

/** What the read model recorded of a finding: what a resumed run starts from. */
export interface RecordedFinding {
  finding: FindingRow;
  /** Its measures (any cycle; the current cycle's are kept). */
  measures: MeasureRow[];
  /** Its tasks (any status; open and claimed ones are kept). */
  tasks: TaskRow[];
  reviews: ReviewRow[];
  escalations: EscalationRow[];
  stageReports: StageReportRow[];
  /**
   * Its audit events of the kinds that carry timer state: `task.reminded`,
   * `task.rescheduled` (`data.taskId`) and `finding.closed` (`data.lookBackAt`).
   */
  events: { action: string; at: string; data: Record<string, unknown> }[];
  /** Who acts on a kind where the finding's unit differs from the kind's spec. */
  roleOverrides?: Partial<Record<TaskKind, Role[]>>;
}

/**
 * The workflow state a finding's recorded rows stand for, so a finding whose workflow was
 * stopped outside the API carries on from where the read model says it was (the state a
 * continue-as-new would have carried). Timers already spent stay spent: a reminder recorded
 * since the task's last new due time is not sent again, an escalation level already raised is
 * not raised again, and the look-back after closure keeps its time.
 */
export function stateFromRecord(r: RecordedFinding): FindingState {
  const f = r.finding;
  const cycle = f.cycle;
  const byTime = (a: { at: string }, b: { at: string }) => a.at.localeCompare(b.at);
  const events = [...r.events].sort(byTime);
  const lastAt = (action: string, taskId: string): string | null =>
    events.filter((e) => e.action === action && e.data.taskId === taskId).pop()?.at ?? null;

  const openEscalations = r.escalations.filter((e) => e.status === 'open');
  const tasks = r.tasks
    .filter((t) => t.status === 'open' || t.status === 'claimed')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((t) => {
      const reminded = lastAt('task.reminded', t.id);
      const rescheduled = lastAt('task.rescheduled', t.id);
      return {
        ...t,
        reminded: reminded !== null && (rescheduled === null || reminded >= rescheduled),
        // An escalation task shows its ladder's level; its own timers never escalate.
        escalatedLevel: t.kind === 'escalation' ? 0 : t.escalationLevel,
        escalationId: openEscalations.find((e) => e.taskId === t.id)?.id ?? null,
      };
    });

  // Reviewers' comments since the evidence was last submitted in this cycle (a review is never
  // earlier than the submission it reviews).
  const submittedAt =
    r.tasks
      .filter((t) => t.kind === 'submit_evidence' && t.cycle === cycle && t.completedAt)
      .map((t) => t.completedAt as string)
      .sort()
      .pop() ?? '';
  const sendBackComments = r.reviews
    .filter(
      (v) => v.cycle === cycle && v.level >= 1 && v.decision === 'reject' && v.at >= submittedAt,
    )
    .sort(byTime)
    .map((v) => ({ level: v.level, comment: v.comment ?? '' }));

  // Closed and its look-back not opened yet: it opens when closure said.
  const lookBackOpened =
    tasks.some((t) => t.kind === 'look_back') ||
    r.tasks.some((t) => t.kind === 'look_back' && t.cycle === cycle);
  const closed = events.filter((e) => e.action === 'finding.closed').pop();
  const lookBackAt =
    f.stage === 'closed' && !lookBackOpened && typeof closed?.data.lookBackAt === 'string'
      ? closed.data.lookBackAt
      : null;

  // Who drafted, submitted and reviewed in this cycle (separation of duties), replayed from the
  // finished steps in the order they were done, as the workflow recorded them.
  const done = r.tasks.filter((t) => t.status === 'done');

  return {
    finding: { ...f, coDepartmentIds: [...f.coDepartmentIds] },
    measures: r.measures.filter((m) => m.cycle === cycle).sort((a, b) => a.seq - b.seq),
    tasks,
    sendBackComments,
    stageReportSeq: Math.max(
      0,
      ...r.stageReports.filter((s) => s.cycle === cycle).map((s) => s.seq),
    ),
    lookBackAt,
    escalations: Object.fromEntries(openEscalations.map((e) => [e.id, e])),
    ...(r.roleOverrides ? { roleOverrides: r.roleOverrides } : {}),
    ...(done.length > 0 ? { duties: dutiesFromHistory(done) } : {}),
  };
}
