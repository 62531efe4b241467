import type { FindingDetail } from '@rectiflow/contracts';
import { Body, Controller, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { uuidParam } from '../http/uuid-param';
import { ApiRoute } from '../openapi/api-route.decorator';
import {
  DueDateChangeDto,
  FindingChangeDto,
  NudgeBodyDto,
  SupervisionOrderBodyDto,
  ReassignFindingDto,
  UpdateFindingDto,
} from './dto/finding-changes.dto';
import { FindingChangesService } from './finding-changes.service';

const CHANGE_ERRORS = {
  400: 'A field is missing or wrong (each named, with its code); `reason` is required',
  403: 'Only the office changes a running finding',
  404: 'No finding has this id (or it belongs to another unit)',
  409: 'The finding is closed, withdrawn or halted (or not assigned yet, for leader, department and deadline)',
};

/** The office's changes to a running finding (API.md "Daily work"), each with a reason. */
@ApiTags('findings')
@ApiBearerAuth()
@Controller('findings')
export class FindingChangesController {
  constructor(private readonly changes: FindingChangesService) {}

  @Post(':id/reassign')
  @HttpCode(200)
  @Roles('office')
  @ApiRoute({
    summary:
      '改派: a new responsible leader, lead department and/or co-departments; the open steps move with them',
    answer: 'FindingDetail',
    errors: CHANGE_ERRORS,
  })
  reassign(
    @Param('id', uuidParam()) id: string,
    @Body() body: ReassignFindingDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FindingDetail> {
    return this.changes.reassign(id, body, user);
  }

  @Post(':id/due-date')
  @HttpCode(200)
  @Roles('office')
  @ApiRoute({
    summary:
      '延期: a new deadline (YYYY-MM-DD = the end of that day in ORG_TIMEZONE); lights, reminders and escalations follow it',
    answer: 'FindingDetail',
    errors: CHANGE_ERRORS,
  })
  changeDueDate(
    @Param('id', uuidParam()) id: string,
    @Body() body: DueDateChangeDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FindingDetail> {
    return this.changes.changeDueDate(id, body, user);
  }

  @Patch(':id')
  @Roles('office')
  @ApiRoute({
    summary: 'A new title; the earlier one stays in the history',
    answer: 'FindingDetail',
    errors: CHANGE_ERRORS,
  })
  update(
    @Param('id', uuidParam()) id: string,
    @Body() body: UpdateFindingDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FindingDetail> {
    return this.changes.update(id, body, user);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('office')
  @ApiRoute({
    summary:
      '撤回: the finding leaves every inbox and open count (its open tasks cancelled) and stays in the ledger, withdrawn',
    answer: 'FindingDetail',
    errors: CHANGE_ERRORS,
  })
  withdraw(
    @Param('id', uuidParam()) id: string,
    @Body() body: FindingChangeDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FindingDetail> {
    return this.changes.withdraw(id, body, user);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles('department', 'department_head')
  @ApiRoute({
    summary:
      '退回交办: the lead department hands the assignment back to the office before the measures are approved, with a reason; the finding awaits assignment again',
    answer: 'FindingDetail',
    errors: {
      403: 'Only the lead department (its clerk or head) returns an assignment',
      404: 'No finding has this id (or it belongs to another unit)',
      409: 'The measures are already approved, or the finding is closed, withdrawn or halted',
    },
  })
  returnAssignment(
    @Param('id', uuidParam()) id: string,
    @Body() body: FindingChangeDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FindingDetail> {
    return this.changes.returnAssignment(id, body, user);
  }

  @Post(':id/supervision-orders')
  @HttpCode(201)
  @Roles('supervisor', 'office')
  @ApiRoute({
    summary:
      "督办单: the supervisor or office orders a department of the finding's unit to act by a date; the department gets a supervision_order task, answers it, and the supervisor accepts or returns the answer",
    answer: 'SupervisionOrderIssued',
    errors: {
      403: 'Only the supervisor or the office issues supervision orders',
      404: 'No finding has this id (or it belongs to another unit)',
      409: 'The finding is closed, withdrawn or halted',
    },
  })
  issueSupervisionOrder(
    @Param('id', uuidParam()) id: string,
    @Body() body: SupervisionOrderBodyDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ taskId: string }> {
    return this.changes.issueSupervisionOrder(id, body, user);
  }

  @Post(':id/nudges')
  @HttpCode(201)
  @Roles('supervisor', 'office')
  @ApiRoute({
    summary:
      '催办: a notice to a department of the finding (the lead department when none is named), kept in the history; no task',
    answer: 'NudgeSent',
    errors: {
      403: 'Only the supervisor or the office nudges',
      404: 'No finding has this id (or it belongs to another unit)',
      409: 'The finding is closed, withdrawn or halted, or has no lead department and none is named',
    },
  })
  nudge(
    @Param('id', uuidParam()) id: string,
    @Body() body: NudgeBodyDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ departmentId: string }> {
    return this.changes.nudge(id, body, user);
  }
}
