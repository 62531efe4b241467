import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  DECISIONS,
  ESCALATION_ACTIONS,
  LOOK_BACK_OUTCOMES,
  type Decision,
  type EscalationAction,
  type LookBackOutcome,
  type TaskInputByKind,
  type TaskKind,
} from '@rectiflow/domain';
import type {
  AssignInput,
  ContributeInput,
  SupervisionOrderInput,
  DecisionInput,
  DraftMeasuresInput,
  EscalationInput,
  LookBackInput,
  MeasureDraft,
  StageReportInput,
  SubmitEvidenceInput,
} from '@rectiflow/contracts';
import { CleanText, CoDepartmentIds, IsDueDate } from '../../http/input-hygiene';

/** The people, departments and files a body names, checked to exist before any step. */
export interface TaskReferences {
  responsibleLeaderId?: string;
  leadDepartmentId?: string;
  coDepartmentIds?: string[];
  ownerDepartmentIds?: string[];
  evidenceIds?: string[];
}

/** A validated body that says which ids it names. */
export interface TaskInputDto {
  references(): TaskReferences;
}

/** Bodies of `POST /api/tasks/:id/complete`, validated by the task's kind. */
export class AssignDto implements AssignInput, TaskInputDto {
  @ApiProperty() @IsUUID() responsibleLeaderId!: string;
  @ApiProperty() @IsUUID() leadDepartmentId!: string;
  @CoDepartmentIds()
  coDepartmentIds?: string[];
  @ApiProperty() @IsISO8601({ strict: true }) @IsDueDate() dueAt!: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() longTerm?: boolean;
  @ApiPropertyOptional({
    description: "the co-departments' contributions fall due (default: dueAt)",
    example: '2026-12-31',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsDueDate()
  coDepartmentDueAt?: string;

  references(): TaskReferences {
    const { responsibleLeaderId, leadDepartmentId, coDepartmentIds } = this;
    return { responsibleLeaderId, leadDepartmentId, coDepartmentIds };
  }
}

export class MeasureDraftDto implements MeasureDraft {
  @ApiProperty()
  @CleanText({ multiline: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  text!: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) @IsDueDate() dueAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() ownerDepartmentId?: string;
}

export class DraftMeasuresDto implements DraftMeasuresInput, TaskInputDto {
  @ApiProperty({ type: [MeasureDraftDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'measures must hold at least one measure' })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MeasureDraftDto)
  measures!: MeasureDraftDto[];

  references(): TaskReferences {
    return {
      ownerDepartmentIds: this.measures
        .map((m) => m.ownerDepartmentId)
        .filter((d): d is string => !!d),
    };
  }
}

export class DecisionDto implements DecisionInput, TaskInputDto {
  @ApiProperty({ enum: DECISIONS }) @IsIn(DECISIONS) decision!: Decision;
  @ApiPropertyOptional({ description: 'required to reject' })
  @ValidateIf((o: DecisionDto) => o.decision === 'reject' || o.comment !== undefined)
  @CleanText({ multiline: true })
  @IsString()
  @IsNotEmpty({ message: 'comment is required to reject' })
  @MaxLength(5000)
  comment?: string;

  references(): TaskReferences {
    return {};
  }
}

export class SubmitEvidenceDto implements SubmitEvidenceInput, TaskInputDto {
  @ApiProperty()
  @CleanText({ multiline: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  report!: string;
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1, { message: 'evidenceIds must name at least one uploaded file' })
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  evidenceIds!: string[];
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  measuresDone!: string[];

  references(): TaskReferences {
    return { evidenceIds: this.evidenceIds };
  }
}

export class StageReportDto implements StageReportInput, TaskInputDto {
  @ApiProperty()
  @CleanText({ multiline: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  report!: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  evidenceIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() finalStage?: boolean;

  references(): TaskReferences {
    return { evidenceIds: this.evidenceIds };
  }
}

export class EscalationDto implements EscalationInput, TaskInputDto {
  @ApiProperty({ enum: ESCALATION_ACTIONS }) @IsIn(ESCALATION_ACTIONS) action!: EscalationAction;
  @ApiProperty()
  @CleanText({ multiline: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  comment!: string;
  @ApiPropertyOptional()
  @ValidateIf((o: EscalationDto) => o.action === 'extend' || o.dueAt !== undefined)
  @IsISO8601({ strict: true })
  @IsDueDate()
  dueAt?: string;
  @ApiPropertyOptional()
  @ValidateIf((o: EscalationDto) => o.action === 'reassign' || o.leadDepartmentId !== undefined)
  @IsUUID()
  leadDepartmentId?: string;

  references(): TaskReferences {
    return { leadDepartmentId: this.leadDepartmentId };
  }
}

export class LookBackDto implements LookBackInput, TaskInputDto {
  @ApiProperty({ enum: LOOK_BACK_OUTCOMES }) @IsIn(LOOK_BACK_OUTCOMES) outcome!: LookBackOutcome;
  @ApiProperty()
  @CleanText({ multiline: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  comment!: string;

  references(): TaskReferences {
    return {};
  }
}

/** 配合整改: what the co-department did of its part, with its files. */
export class ContributeDto implements ContributeInput, TaskInputDto {
  @ApiProperty({ example: '已完成本部门负责的制度修订' })
  @CleanText({ multiline: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  text!: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  evidenceIds?: string[];

  references(): TaskReferences {
    return { evidenceIds: this.evidenceIds };
  }
}

/** 督办单: the department's answer to a supervision order, with its files. */
export class SupervisionOrderDto implements SupervisionOrderInput, TaskInputDto {
  @ApiProperty({ example: '已按督办要求完成整改并建立长效机制' })
  @CleanText({ multiline: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  answer!: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  evidenceIds?: string[];

  references(): TaskReferences {
    return { evidenceIds: this.evidenceIds };
  }
}

/** The DTO that validates each kind's body: a kind without one does not compile. */
export const TASK_INPUT_DTOS: {
  [K in TaskKind]: new () => TaskInputByKind[K] & TaskInputDto;
} = {
  assign: AssignDto,
  draft_measures: DraftMeasuresDto,
  approve_measures: DecisionDto,
  submit_evidence: SubmitEvidenceDto,
  review_1: DecisionDto,
  review_2: DecisionDto,
  review_3: DecisionDto,
  stage_report: StageReportDto,
  escalation: EscalationDto,
  look_back: LookBackDto,
  contribute: ContributeDto,
  supervision_order: SupervisionOrderDto,
  supervision_order_review: DecisionDto,
};
