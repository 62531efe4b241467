import type { FindingDetail } from '@rectiflow/contracts';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
} from '@nestjs/common';
import { checkReturnAssignment, checkSupervisionAction, type Actor } from '@rectiflow/domain';
import { DataSource } from 'typeorm';
import { DepartmentEntity, type FindingEntity } from '@rectiflow/persistence';
import { fieldError } from '../http/field-errors';
import type { AuthUser } from '../auth/auth.decorators';
import { AssignmentCheck } from '../rounds/assignment-check';
import { FindingWorkflowClient } from '../temporal/finding-workflow.client';
import type {
  DueDateChangeDto,
  FindingChangeDto,
  NudgeBodyDto,
  ReassignFindingDto,
  SupervisionOrderBodyDto,
  UpdateFindingDto,
} from './dto/finding-changes.dto';
import { FindingsService } from './findings.service';

/**
 * The office's changes to a running finding (改派, 延期, a new title, 撤回), and the lead
 * department's 退回交办: each is an Update of
 * the finding's workflow, whose validator has the last word and whose history event is the
 * audit record. Checked here first for a fast, clear answer: the finding exists in the caller's
 * unit (404 otherwise), still runs (409), and names people and departments of its unit (400).
 */
@Injectable()
export class FindingChangesService {
  constructor(
    private readonly findings: FindingsService,
    private readonly workflows: FindingWorkflowClient,
    private readonly assignmentCheck: AssignmentCheck,
    private readonly dataSource: DataSource,
  ) {}

  async reassign(id: string, body: ReassignFindingDto, user: AuthUser): Promise<FindingDetail> {
    const f = await this.running(id, user, { assigned: true });
    const { responsibleLeaderId, leadDepartmentId, coDepartmentIds } = body;
    if (
      responsibleLeaderId === undefined &&
      leadDepartmentId === undefined &&
      coDepartmentIds === undefined
    ) {
      throw new BadRequestException([
        'responsibleLeaderId, leadDepartmentId or coDepartmentIds: name what changes',
      ]);
    }
    const lead = leadDepartmentId ?? f.leadDepartmentId;
    if (lead && (coDepartmentIds ?? f.coDepartmentIds).includes(lead))
      throw new BadRequestException(['coDepartmentIds must not name the lead department']);
    await this.assignmentCheck.check(
      { responsibleLeaderId, leadDepartmentId, coDepartmentIds },
      f.unitId,
    );
    await this.workflows.reassign(id, {
      actor: actorOf(user),
      reason: body.reason,
      ...(responsibleLeaderId !== undefined ? { responsibleLeaderId } : {}),
      ...(leadDepartmentId !== undefined ? { leadDepartmentId } : {}),
      ...(coDepartmentIds !== undefined ? { coDepartmentIds } : {}),
      ...(body.coDepartmentDueAt !== undefined
        ? { coDepartmentDueAt: new Date(body.coDepartmentDueAt).toISOString() }
        : {}),
    });
    return this.findings.detail(id, user);
  }

  async changeDueDate(id: string, body: DueDateChangeDto, user: AuthUser): Promise<FindingDetail> {
    await this.running(id, user, { assigned: true });
    await this.workflows.changeDueDate(id, {
      actor: actorOf(user),
      reason: body.reason,
      dueAt: new Date(body.dueAt).toISOString(),
    });
    return this.findings.detail(id, user);
  }

  async update(id: string, body: UpdateFindingDto, user: AuthUser): Promise<FindingDetail> {
    await this.running(id, user, { assigned: false });
    if (body.title === undefined) throw new BadRequestException(['title must be given']);
    await this.workflows.retitle(id, {
      actor: actorOf(user),
      reason: body.reason,
      title: body.title,
    });
    return this.findings.detail(id, user);
  }

  async withdraw(id: string, body: FindingChangeDto, user: AuthUser): Promise<FindingDetail> {
    await this.running(id, user, { assigned: false });
    await this.workflows.withdraw(id, { actor: actorOf(user), reason: body.reason });
    return this.findings.detail(id, user);
  }

  /** 退回交办: the lead department's, by the rule the workflow applies too (libs/domain). */
  async returnAssignment(
    id: string,
    body: FindingChangeDto,
    user: AuthUser,
  ): Promise<FindingDetail> {
    const f = await this.findings.findVisible(id, user);
    const verdict = checkReturnAssignment(actorOf(user), f);
    if (!verdict.ok)
      throw verdict.reason === 'forbidden'
        ? new ForbiddenException(verdict.message)
        : new ConflictException(verdict.message);
    await this.workflows.returnAssignment(id, { actor: actorOf(user), reason: body.reason });
    return this.findings.detail(id, user, { justReturned: true });
  }

  /**
   * 督办单: the supervisor's or office's, on a running finding, to an active department of its
   * unit (by the rule the workflow applies too); answers the department's new task.
   */
  async issueSupervisionOrder(
    id: string,
    body: SupervisionOrderBodyDto,
    user: AuthUser,
  ): Promise<{ taskId: string }> {
    const f = await this.supervisable(id, user);
    await this.activeDepartment(body.departmentId, f.unitId);
    const result = await this.workflows.issueSupervisionOrder(id, {
      actor: actorOf(user),
      departmentId: body.departmentId,
      requirement: body.requirement,
      dueAt: new Date(body.dueAt).toISOString(),
    });
    return { taskId: result.taskId };
  }

  /** 催办: a notice to the named department or the lead one; no task. */
  async nudge(id: string, body: NudgeBodyDto, user: AuthUser): Promise<{ departmentId: string }> {
    const f = await this.supervisable(id, user);
    const departmentId = body.departmentId ?? f.leadDepartmentId;
    if (!departmentId)
      throw new ConflictException('the finding has no lead department yet: name a department');
    if (body.departmentId) await this.activeDepartment(body.departmentId, f.unitId);
    await this.workflows.nudge(id, { actor: actorOf(user), departmentId, text: body.text });
    return { departmentId };
  }

  private async supervisable(id: string, user: AuthUser): Promise<FindingEntity> {
    const f = await this.findings.findVisible(id, user);
    const verdict = checkSupervisionAction(actorOf(user), f);
    if (!verdict.ok)
      throw verdict.reason === 'forbidden'
        ? new ForbiddenException(verdict.message)
        : new ConflictException(verdict.message);
    return f;
  }

  /** A department that takes new work: active, of the finding's unit (else as unknown). */
  private async activeDepartment(departmentId: string, unitId: string): Promise<void> {
    const found = await this.dataSource
      .getRepository(DepartmentEntity)
      .findOneBy({ id: departmentId, unitId, active: true });
    if (!found)
      throw fieldError(
        'departmentId',
        'unknown_department',
        "departmentId does not name an active department of the finding's unit",
      );
  }

  /** The finding, seen by the caller, neither closed nor withdrawn (and assigned if asked). */
  private async running(
    id: string,
    user: AuthUser,
    { assigned }: { assigned: boolean },
  ): Promise<FindingEntity> {
    const f = await this.findings.findVisible(id, user);
    if (f.withdrawn) throw new ConflictException('the finding was withdrawn');
    if (f.stage === 'closed') throw new ConflictException('the finding is closed');
    if (assigned && (f.stage === 'assign' || !f.leadDepartmentId))
      throw new ConflictException('the finding is not assigned yet (its assign task sets this)');
    return f;
  }
}

/** Only what the workflow's rules read of the caller. */
function actorOf(user: AuthUser): Actor {
  return {
    userId: user.userId,
    roles: [...user.roles],
    departmentId: user.departmentId,
    unitId: user.unitId,
  };
}
