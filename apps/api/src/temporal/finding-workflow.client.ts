import { Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { FindingEntity } from '@rectiflow/persistence';
import {
  changeDueDateUpdate,
  claimTaskUpdate,
  completeTaskUpdate,
  findingWorkflowId,
  reassignFindingUpdate,
  releaseTaskUpdate,
  retitleFindingUpdate,
  withdrawFindingUpdate,
  returnAssignmentUpdate,
  issueSupervisionOrderUpdate,
  nudgeFindingUpdate,
  startLookBackUpdate,
  type StartLookBackArgs,
  type IssueSupervisionOrderArgs,
  type NudgeArgs,
  type CompleteTaskArgs,
  type DueDateChangeArgs,
  type FindingChangeArgs,
  type ReassignArgs,
  type RetitleArgs,
  type StepResult,
  type TaskActionArgs,
} from '@rectiflow/contracts';
import { findingHaltedError } from './finding-halted';
import { TemporalCalls } from './temporal-calls';
import { WorkflowOutbox } from './workflow-outbox';

/** The API's only way to change a finding: Temporal Updates on its workflow. */
@Injectable()
export class FindingWorkflowClient {
  constructor(
    private readonly client: Client,
    private readonly calls: TemporalCalls,
    private readonly outbox: WorkflowOutbox,
    private readonly dataSource: DataSource,
  ) {}

  complete(findingId: string, args: CompleteTaskArgs, updateId: string): Promise<StepResult> {
    return this.calls.bounded(() =>
      this.onFinding(findingId, () =>
        this.client.workflow
          .getHandle(findingWorkflowId(findingId))
          .executeUpdate(completeTaskUpdate, { args: [args], updateId }),
      ),
    );
  }

  claim(findingId: string, args: TaskActionArgs): Promise<StepResult> {
    return this.calls.bounded(() =>
      this.onFinding(findingId, () =>
        this.client.workflow
          .getHandle(findingWorkflowId(findingId))
          .executeUpdate(claimTaskUpdate, { args: [args] }),
      ),
    );
  }

  release(findingId: string, args: TaskActionArgs): Promise<StepResult> {
    return this.calls.bounded(() =>
      this.onFinding(findingId, () =>
        this.client.workflow
          .getHandle(findingWorkflowId(findingId))
          .executeUpdate(releaseTaskUpdate, { args: [args] }),
      ),
    );
  }

  reassign(findingId: string, args: ReassignArgs): Promise<StepResult> {
    return this.change(findingId, (h) => h.executeUpdate(reassignFindingUpdate, { args: [args] }));
  }

  changeDueDate(findingId: string, args: DueDateChangeArgs): Promise<StepResult> {
    return this.change(findingId, (h) => h.executeUpdate(changeDueDateUpdate, { args: [args] }));
  }

  retitle(findingId: string, args: RetitleArgs): Promise<StepResult> {
    return this.change(findingId, (h) => h.executeUpdate(retitleFindingUpdate, { args: [args] }));
  }

  withdraw(findingId: string, args: FindingChangeArgs): Promise<StepResult> {
    return this.change(findingId, (h) => h.executeUpdate(withdrawFindingUpdate, { args: [args] }));
  }

  returnAssignment(findingId: string, args: FindingChangeArgs): Promise<StepResult> {
    return this.change(findingId, (h) => h.executeUpdate(returnAssignmentUpdate, { args: [args] }));
  }

  issueSupervisionOrder(findingId: string, args: IssueSupervisionOrderArgs): Promise<StepResult> {
    return this.change(findingId, (h) =>
      h.executeUpdate(issueSupervisionOrderUpdate, { args: [args] }),
    );
  }

  nudge(findingId: string, args: NudgeArgs): Promise<StepResult> {
    return this.change(findingId, (h) => h.executeUpdate(nudgeFindingUpdate, { args: [args] }));
  }

  startLookBack(findingId: string, args: StartLookBackArgs): Promise<StepResult> {
    return this.change(findingId, (h) => h.executeUpdate(startLookBackUpdate, { args: [args] }));
  }

  private change(
    findingId: string,
    send: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<StepResult>,
  ): Promise<StepResult> {
    return this.calls.bounded(() =>
      this.onFinding(findingId, () =>
        send(this.client.workflow.getHandle(findingWorkflowId(findingId))),
      ),
    );
  }

  /**
   * A step on a finding whose workflow does not run yet, because the API that created it
   * stopped before starting it (its outbox row is still there), starts it from that row and
   * is sent again, rather than waiting for the outbox sweep.
   */
  private async onFinding<T>(findingId: string, step: () => Promise<T>): Promise<T> {
    // A halted finding's workflow is gone or is a run reset outside the API: nothing is sent to
    // it until the office resumes it (HaltedFindings).
    const halted = await this.dataSource
      .getRepository(FindingEntity)
      .findOne({ select: { id: true, halted: true }, where: { id: findingId } });
    if (halted?.halted) throw findingHaltedError(findingId);
    try {
      return await step();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      if (!(await this.outbox.startPending(findingId))) throw err;
      return step();
    }
  }
}
