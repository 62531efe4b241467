import type { FindingDetail } from '@rectiflow/contracts';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
} from '@nestjs/common';
import { checkReturnAssignment, type Actor } from '@rectiflow/domain';
import type { FindingEntity } from '@rectiflow/persistence';
import type { AuthUser } from '../auth/auth.decorators';
import { AssignmentCheck } from '../rounds/assignment-check';
import { FindingWorkflowClient } from '../temporal/finding-workflow.client';
import type {
  DueDateChangeDto,
  FindingChangeDto,
  ReassignFindingDto,
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
