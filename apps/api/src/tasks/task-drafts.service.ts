import type { TaskDraftSaved, TaskDraftView } from '@rectiflow/contracts';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { checkTaskAction } from '@rectiflow/domain';
import {
  isWorkflowTask,
  TaskDraftEntity,
  TaskEntity,
  taskRoles,
  writeTransaction,
} from '@rectiflow/persistence';
import type { AuthUser } from '../auth/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { validationException } from '../http/validation-messages';
import { mustSeeUnit } from '../units/unit-scope';
import { DRAFT_SHAPES, isDraftKind, SaveDraftDto } from './dto/task-draft.dto';

/** Largest draft kept, as JSON: a little above the largest complete body of the two kinds. */
const MAX_DRAFT_CHARS = 600_000;

/**
 * 草稿: a measure plan or an evidence report saved half-written, resumed by anyone who may act
 * on the task. The workflow never sees it; the projection deletes it when the task ends.
 */
@Injectable()
export class TaskDraftsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  private async mustTask(id: string, actor: AuthUser): Promise<TaskEntity> {
    const task = await this.dataSource.getRepository(TaskEntity).findOneBy({ id });
    if (!task) throw new NotFoundException(`task ${id} does not exist`);
    mustSeeUnit(actor, task.unitId, `task ${id}`);
    return task;
  }

  /** Who may act on the task may read its draft, also while someone else holds it. */
  async get(taskId: string, actor: AuthUser): Promise<TaskDraftView> {
    const task = await this.mustTask(taskId, actor);
    const verdict = checkTaskAction(actor, { ...task, roles: taskRoles(task) });
    if (!verdict.ok && verdict.reason === 'forbidden')
      throw new ForbiddenException(verdict.message);
    const draft = await this.dataSource.getRepository(TaskDraftEntity).findOneBy({ taskId });
    if (!draft) throw new NotFoundException(`task ${taskId} has no draft`);
    return { taskId, body: draft.body, savedAt: draft.savedAt, savedBy: draft.savedBy };
  }

  async save(taskId: string, raw: unknown, actor: AuthUser): Promise<TaskDraftSaved> {
    const task = await this.mustTask(taskId, actor);
    const verdict = checkTaskAction(actor, { ...task, roles: taskRoles(task) });
    if (!verdict.ok) {
      throw verdict.reason === 'forbidden'
        ? new ForbiddenException(verdict.message)
        : new ConflictException(verdict.message);
    }
    if (!isWorkflowTask(task) || !isDraftKind(task.kind))
      throw new ConflictException(`a ${task.kind} task cannot be saved as a draft`);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new BadRequestException(['body must be a JSON object']);
    const wrapper = plainToInstance(SaveDraftDto, raw);
    const outer = await validate(wrapper, { whitelist: true, forbidNonWhitelisted: true });
    if (outer.length > 0) throw validationException(outer);
    const Shape: new () => object = DRAFT_SHAPES[task.kind];
    const shape = plainToInstance(Shape, wrapper.body);
    const inner = await validate(shape, { whitelist: true, forbidNonWhitelisted: true });
    if (inner.length > 0) throw validationException(inner, 'body');
    // Only what the shape knows is kept (cleaned text, no stray fields).
    const body = JSON.parse(JSON.stringify(shape)) as Record<string, unknown>;
    if (JSON.stringify(body).length > MAX_DRAFT_CHARS)
      throw new BadRequestException(['body is too large for a draft']);
    const row: TaskDraftEntity = {
      taskId,
      findingId: task.findingId,
      unitId: task.unitId,
      body,
      savedBy: actor.userId,
      savedAt: new Date().toISOString(),
    };
    await writeTransaction(this.dataSource, async (em) => {
      await em.getRepository(TaskDraftEntity).save(row, { transaction: false });
      // Not filed under the finding: a draft is not a step of its history.
      await this.audit.recordIn(em, {
        actorId: actor.userId,
        action: 'task.draft_saved',
        entityType: 'task',
        entityId: taskId,
        unitId: task.unitId,
        data: { kind: task.kind, findingId: task.findingId },
      });
    });
    return { savedAt: row.savedAt, savedBy: row.savedBy };
  }
}
