import type { CompleteTaskAnswer, TaskView } from '@rectiflow/contracts';
import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { validationException } from '../http/validation-messages';
import { DataSource, In, IsNull } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import {
  checkRelease,
  checkTaskAction,
  type TaskInputByKind,
  type TaskKind,
} from '@rectiflow/domain';
import {
  EvidenceEntity,
  FindingEntity,
  IdempotencyKeyEntity,
  isWorkflowTask,
  TaskEntity,
  taskRoles,
  type WorkflowTaskEntity,
} from '@rectiflow/persistence';
import type { AuthUser } from '../auth/auth.decorators';
import { checkSeparationOfDuties } from '../auth/separation-of-duties';
import { APP_CONFIG } from '../config/config.module';
import { mustSeeUnit } from '../units/unit-scope';
import { taskView } from '../findings/finding-views';
import { FindingsService } from '../findings/findings.service';
import { AssignmentCheck } from '../rounds/assignment-check';
import { FindingWorkflowClient } from '../temporal/finding-workflow.client';
import { PublicCommentsService } from '../public-comments/public-comments.service';
import { TASK_INPUT_DTOS, type TaskInputDto, type TaskReferences } from './dto/task-inputs.dto';
import { rememberAnswer } from './task-answers';

@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly workflows: FindingWorkflowClient,
    private readonly findings: FindingsService,
    private readonly assignmentCheck: AssignmentCheck,
    private readonly publicComments: PublicCommentsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The task, or 404 — also for a task of a unit the caller does not see. */
  private async mustTask(id: string, actor: AuthUser): Promise<TaskEntity> {
    const task = await this.dataSource.getRepository(TaskEntity).findOneBy({ id });
    if (!task) throw new NotFoundException(`task ${id} does not exist`);
    mustSeeUnit(actor, task.unitId, `task ${id}`);
    return task;
  }

  /** The same rule the workflow's validator applies, checked early for a fast, clear answer. */
  private precheck(actor: AuthUser, task: TaskEntity): void {
    // The task's unit (read model) takes part: a unit's people act only on their unit's tasks.
    const verdict = checkTaskAction(actor, { ...task, roles: taskRoles(task) });
    if (!verdict.ok) {
      throw verdict.reason === 'forbidden'
        ? new ForbiddenException(verdict.message)
        : new ConflictException(verdict.message);
    }
  }

  async view(taskId: string, actor: AuthUser): Promise<TaskView> {
    const task = await this.mustTask(taskId, actor);
    // A public comment's task (no workflow's) is titled by its comment.
    if (!isWorkflowTask(task)) return this.publicComments.taskView(task);
    const finding = await this.dataSource
      .getRepository(FindingEntity)
      .findOneBy({ id: task.findingId });
    return taskView(
      task,
      { title: finding?.title ?? '', code: finding?.code ?? '' },
      new Date(),
      this.config.timing.warnBeforeMs,
    );
  }

  async claim(taskId: string, actor: AuthUser): Promise<TaskView> {
    const task = await this.mustTask(taskId, actor);
    this.precheck(actor, task);
    if (task.status === 'claimed') throw new ConflictException('task is already claimed by you');
    await checkSeparationOfDuties(this.dataSource, task, actor.userId);
    if (isWorkflowTask(task)) await this.workflows.claim(task.findingId, { taskId, actor });
    else await this.publicComments.setClaim(task, actor, true);
    return this.view(taskId, actor);
  }

  async release(taskId: string, actor: AuthUser): Promise<TaskView> {
    const task = await this.mustTask(taskId, actor);
    const verdict = checkRelease(actor, { ...task, roles: taskRoles(task) });
    if (!verdict.ok) {
      throw verdict.reason === 'forbidden'
        ? new ForbiddenException(verdict.message)
        : new ConflictException(verdict.message);
    }
    if (isWorkflowTask(task)) await this.workflows.release(task.findingId, { taskId, actor });
    else await this.publicComments.setClaim(task, actor, false);
    return this.view(taskId, actor);
  }

  async complete(
    taskId: string,
    body: unknown,
    actor: AuthUser,
    idempotencyKey?: string,
  ): Promise<CompleteTaskAnswer> {
    // Scoped to the caller and the task: the same key sent for another task is a new request,
    // never answered with (or deduplicated by Temporal as) that other task's step.
    const key = idempotencyKey ? `${actor.userId}:${taskId}:${idempotencyKey}` : null;
    if (key) {
      const prior = await this.dataSource.getRepository(IdempotencyKeyEntity).findOneBy({ key });
      if (prior) return JSON.parse(prior.response) as CompleteTaskAnswer;
    }
    const task = await this.mustTask(taskId, actor);
    // A retry whose first answer was lost (the API restarted) is replayed by Temporal under
    // the same update id, so a done task is not refused up front when a key is given.
    const retryOfDone = key !== null && task.status === 'done' && task.completedBy === actor.userId;
    if (!retryOfDone) {
      this.precheck(actor, task);
      await checkSeparationOfDuties(this.dataSource, task, actor.userId);
    }
    // A public comment's task is completed by the API itself, in one transaction.
    if (!isWorkflowTask(task)) {
      if (task.status === 'done') throw new ConflictException('task is already done');
      return this.publicComments.complete(task, body, actor, key);
    }
    const input = await this.parseInput(task.kind, body);
    const refs = input.references();
    await this.checkReferences(task, refs);
    // The cited files are locked before the step is reported (a withdrawal racing the
    // submission either lands first, and the files are refused, or finds them locked).
    const cited = [...new Set(refs.evidenceIds ?? [])];
    await this.lockEvidence(task, cited);
    try {
      // Temporal serialises the DTO instance as plain JSON (its methods stay behind).
      await this.workflows.complete(task.findingId, { taskId, actor, input }, key ?? randomUUID());
    } catch (error) {
      await this.unlockEvidence(task, cited);
      throw error;
    }
    const answer: CompleteTaskAnswer = {
      task: await this.view(taskId, actor),
      finding: await this.findings.detail(task.findingId, actor),
    };
    if (key) await rememberAnswer(this.dataSource, key, answer);
    return answer;
  }

  /** A step's body checked as its completion would check it (fields, then references). */
  async checkInput(kind: TaskKind, body: unknown, task?: WorkflowTaskEntity): Promise<void> {
    const input = await this.parseInput(kind, body);
    if (task) await this.checkReferences(task, input.references());
  }

  /** The body through its kind's DTO: a 400 naming each bad field, or the typed input. */
  private async parseInput<K extends TaskKind>(
    kind: K,
    body: unknown,
  ): Promise<TaskInputByKind[K] & TaskInputDto> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new BadRequestException(['body must be a JSON object']);
    }
    const dto = plainToInstance(TASK_INPUT_DTOS[kind], body);
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw validationException(errors);
    return dto;
  }

  /** Marks the files a step cites as submitted: from now on they cannot be withdrawn. */
  private async lockEvidence(task: WorkflowTaskEntity, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const repo = this.dataSource.getRepository(EvidenceEntity);
    await repo.update(
      { id: In(ids), findingId: task.findingId, withdrawnAt: IsNull(), submittedTaskId: IsNull() },
      { submittedTaskId: task.id },
    );
    const live = await repo.countBy({
      id: In(ids),
      findingId: task.findingId,
      withdrawnAt: IsNull(),
    });
    if (live !== ids.length) {
      await this.unlockEvidence(task, ids);
      throw new BadRequestException([
        'evidenceIds names files that were not uploaded to this finding',
      ]);
    }
  }

  /** The step failed: its files are withdrawable again, unless the step was done after all. */
  private async unlockEvidence(task: WorkflowTaskEntity, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const now = await this.dataSource.getRepository(TaskEntity).findOneBy({ id: task.id });
    if (now?.status === 'done') return;
    await this.dataSource
      .getRepository(EvidenceEntity)
      .update({ id: In(ids), submittedTaskId: task.id }, { submittedTaskId: null });
  }

  /** The people, departments and files the body names exist (and files belong here). */
  private async checkReferences(task: WorkflowTaskEntity, refs: TaskReferences): Promise<void> {
    await this.assignmentCheck.check(refs, task.unitId);
    const ids = refs.evidenceIds ?? [];
    if (ids.length === 0) return;
    const found = await this.dataSource.getRepository(EvidenceEntity).find({
      select: ['id'],
      where: { id: In(ids), findingId: task.findingId, withdrawnAt: IsNull() },
    });
    if (found.length !== new Set(ids).size) {
      throw new BadRequestException([
        'evidenceIds names files that were not uploaded to this finding',
      ]);
    }
  }
}
