import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Client } from '@temporalio/client';
import ms from 'ms';
import { DataSource, In } from 'typeorm';
import { inChunks } from '@rectiflow/batching';
import type { AppConfig } from '@rectiflow/config';
import {
  FINDING_WORKFLOW_TYPE,
  findingWorkflowId,
  readyUpdate,
  type FindingRow,
  type FindingSummary,
  type FindingWorkflow,
  type FindingWorkflowInput,
  type TaskRow,
} from '@rectiflow/contracts';
import { stateFromRecord } from '@rectiflow/finding-machine';
import {
  AuditEventEntity,
  EscalationEntity,
  FindingEntity,
  MeasureEntity,
  ReviewEntity,
  StageReportEntity,
  TaskEntity,
  UnitEntity,
  taskRoles,
  writeTransaction,
} from '@rectiflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import { unitProfile } from '../rounds/finding-creation.service';
import { FINDING_NOT_HALTED } from '../temporal/finding-halted';
import { TemporalCalls } from '../temporal/temporal-calls';
import { mustSeeUnit } from '../units/unit-scope';
import { findingSummary } from './finding-views';

/** Run statuses that mean "stopped, and not by the finding itself" (it never ends on its own). */
const STOPPED = ['Terminated', 'Canceled', 'Failed', 'TimedOut'];
/** At most this many stopped runs are looked at per sweep (the rest at the next one). */
const MAX_PER_SWEEP = 5000;

interface StoppedRun {
  findingId: string;
  runId: string;
  status: string;
  closedAt: string;
}

/**
 * Findings whose workflow was stopped outside the API: `temporal workflow terminate`, cancel or
 * reset (a reset terminates the run it replaces), from the CLI or the UI. A sweep at start-up
 * and every HALTED_SWEEP_INTERVAL asks Temporal's visibility store for stopped runs of this
 * task queue (one list call; the read model answers which of them are findings still shown as
 * running) and marks those findings halted, audited. The office resumes one from its recorded
 * state: a new run whose input is the state the read model holds.
 */
@Injectable()
export class HaltedFindingsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HaltedFindingsService.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> | null = null;
  private lastSweepAt: number | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly client: Client,
    private readonly calls: TemporalCalls,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get intervalMs(): number {
    return ms(this.config.env.HALTED_SWEEP_INTERVAL as ms.StringValue);
  }

  onApplicationBootstrap(): void {
    const tick = () => {
      this.sweeping ??= this.sweep()
        .catch((err: unknown) =>
          this.logger.warn(`looking for halted findings failed: ${String(err)}`),
        )
        .finally(() => {
          this.sweeping = null;
        });
    };
    tick();
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /**
   * Marks halted the findings whose latest stopped run closed since the last sweep (all of
   * them at start-up), leaving out runs stopped before the finding was last resumed. Answers
   * the ids it marked.
   */
  async sweep(): Promise<string[]> {
    const startedAt = Date.now();
    // Visibility is eventually consistent: look back over two intervals more than needed.
    const since = this.lastSweepAt === null ? null : this.lastSweepAt - 2 * this.intervalMs;
    // Bounded like every call to Temporal: an unreachable server fails this sweep (the next one
    // tries again) instead of holding it, and the API's shutdown, for minutes.
    const runs = await this.calls.bounded(() => this.stoppedRuns(since));
    const marked: string[] = [];
    for (const batch of inChunks([...runs.values()], 500)) {
      const findings = await this.dataSource.getRepository(FindingEntity).find({
        select: { id: true, unitId: true, halted: true, resumedAt: true },
        where: { id: In(batch.map((r) => r.findingId)), halted: false },
      });
      for (const f of findings) {
        const run = runs.get(f.id) as StoppedRun;
        if (f.resumedAt && run.closedAt <= f.resumedAt) continue;
        if (await this.markHalted(f, run)) marked.push(f.id);
      }
    }
    this.lastSweepAt = startedAt;
    if (marked.length > 0)
      this.logger.warn(
        `${marked.length} findings halted: their workflows were stopped outside the API`,
      );
    return marked;
  }

  private async stoppedRuns(since: number | null): Promise<Map<string, StoppedRun>> {
    const queue = this.config.env.TEMPORAL_TASK_QUEUE.replace(/'/g, '');
    let query =
      `WorkflowType = '${FINDING_WORKFLOW_TYPE}' AND TaskQueue = '${queue}' AND (` +
      STOPPED.map((s) => `ExecutionStatus = '${s}'`).join(' OR ') +
      ')';
    if (since !== null) query += ` AND CloseTime > '${new Date(since).toISOString()}'`;
    const runs = new Map<string, StoppedRun>();
    let seen = 0;
    for await (const run of this.client.workflow.list({ query })) {
      if (++seen > MAX_PER_SWEEP) break;
      if (!run.workflowId.startsWith('finding-') || !run.closeTime) continue;
      const findingId = run.workflowId.slice('finding-'.length);
      const closedAt = run.closeTime.toISOString();
      const known = runs.get(findingId);
      if (!known || known.closedAt < closedAt)
        runs.set(findingId, { findingId, runId: run.runId, status: run.status.name, closedAt });
    }
    return runs;
  }

  private markHalted(f: FindingEntity, run: StoppedRun): Promise<boolean> {
    return writeTransaction(this.dataSource, async (em) => {
      const updated = await em
        .getRepository(FindingEntity)
        .update({ id: f.id, halted: false }, { halted: true });
      if (!updated.affected) return false;
      await this.audit.recordIn(em, {
        actorId: null,
        action: 'finding.halted',
        entityType: 'finding',
        entityId: f.id,
        findingId: f.id,
        unitId: f.unitId,
        data: { workflowStatus: run.status, runId: run.runId, stoppedAt: run.closedAt },
      });
      return true;
    });
  }

  /**
   * `POST /api/findings/:id/resume`: a new run of the finding's workflow from the state the
   * read model recorded (what a continue-as-new would carry), replacing a run a reset left
   * going; the finding is no longer halted, and the resumption is audited.
   */
  async resume(findingId: string, actor: AuthUser): Promise<FindingSummary> {
    const repo = this.dataSource.getRepository(FindingEntity);
    const f = await repo.findOneBy({ id: findingId });
    if (!f) throw new NotFoundException(`finding ${findingId} does not exist`);
    mustSeeUnit(actor, f.unitId, `finding ${findingId}`);
    if (!f.halted)
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        code: FINDING_NOT_HALTED,
        message: '该问题未中止，无需恢复 (the finding is not halted; there is nothing to resume)',
      });
    const input = await this.recordedInput(f);
    const handle = await this.calls.bounded(() =>
      this.client.workflow.start<FindingWorkflow>(FINDING_WORKFLOW_TYPE, {
        workflowId: findingWorkflowId(findingId),
        taskQueue: this.config.env.TEMPORAL_TASK_QUEUE,
        args: [input],
        // A run a reset left going is replaced; a terminated one is started afresh.
        workflowIdConflictPolicy: 'TERMINATE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      }),
    );
    // Answer once the new run has written its state to the read model: a step taken right after
    // (by this caller or in another tab) then finds the resumed run's tasks, not the reset run's.
    await this.calls.bounded(() => handle.executeUpdate(readyUpdate));
    // After the start: a run it replaced closed before this time, so no sweep takes it for a
    // new halt.
    const resumedAt = new Date().toISOString();
    await writeTransaction(this.dataSource, async (em) => {
      await em.getRepository(FindingEntity).update({ id: findingId }, { halted: false, resumedAt });
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'finding.resumed',
        entityType: 'finding',
        entityId: findingId,
        findingId,
        unitId: f.unitId,
        data: {
          runId: handle.firstExecutionRunId,
          stage: f.stage,
          cycle: f.cycle,
          openTasks: input.kind === 'continued' ? input.state.tasks.map((t) => t.kind) : [],
        },
      });
    });
    const now = await repo.findOneByOrFail({ id: findingId });
    return findingSummary(now, new Date(), this.config.timing.warnBeforeMs);
  }

  private async recordedInput(f: FindingEntity): Promise<FindingWorkflowInput> {
    const findingId = f.id;
    const em = this.dataSource.manager;
    const [measures, tasks, reviews, escalations, stageReports, events, unit] = await Promise.all([
      em.getRepository(MeasureEntity).findBy({ findingId }),
      em.getRepository(TaskEntity).findBy({ findingId }),
      em.getRepository(ReviewEntity).findBy({ findingId }),
      em.getRepository(EscalationEntity).findBy({ findingId }),
      em.getRepository(StageReportEntity).findBy({ findingId }),
      em.getRepository(AuditEventEntity).find({
        select: { action: true, at: true, data: true },
        where: {
          findingId,
          action: In(['task.reminded', 'task.rescheduled', 'finding.closed']),
        },
      }),
      em.getRepository(UnitEntity).findOneBy({ id: f.unitId }),
    ]);
    const profile = unitProfile(this.config.timing, unit?.settings ?? null);
    const { unitId: _u, halted: _h, resumedAt: _r, ...finding } = f;
    const state = stateFromRecord({
      finding: finding as FindingRow,
      measures: measures.map((m) => ({ ...m })),
      tasks: tasks.map(({ unitId: _tu, role: _r1, role2: _r2, ...t }, i) => ({
        ...t,
        roles: taskRoles(tasks[i]),
      })) as TaskRow[],
      reviews: reviews.map((r) => ({ ...r })),
      escalations: escalations.map((e) => ({ ...e })),
      stageReports: stageReports.map((s) => ({ ...s })),
      events: events.map((e) => ({
        action: e.action,
        at: e.at,
        data: JSON.parse(e.data) as Record<string, unknown>,
      })),
      ...(profile.roleOverrides ? { roleOverrides: profile.roleOverrides } : {}),
    });
    return { kind: 'continued', state, timing: profile.timing, reason: 'resumed' };
  }
}
