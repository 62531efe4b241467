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
  type TaskKind,
} from '@rectiflow/domain';
import type {
  AssignInput,
  DecisionInput,
  DraftMeasuresInput,
  EscalationInput,
  LookBackInput,
  MeasureDraft,
  StageReportInput,
  SubmitEvidenceInput,
} from '@rectiflow/contracts';

/** Bodies of `POST /api/tasks/:id/complete`, validated by the task's kind. */
export class AssignDto implements AssignInput {
  @ApiProperty() @IsUUID() responsibleLeaderId!: string;
  @ApiProperty() @IsUUID() leadDepartmentId!: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  coDepartmentIds?: string[];
  @ApiProperty() @IsISO8601({ strict: true }) dueAt!: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() longTerm?: boolean;
}

export class MeasureDraftDto implements MeasureDraft {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(5000) text!: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) dueAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() ownerDepartmentId?: string;
}

export class DraftMeasuresDto implements DraftMeasuresInput {
  @ApiProperty({ type: [MeasureDraftDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'measures must hold at least one measure' })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MeasureDraftDto)
  measures!: MeasureDraftDto[];
}

export class DecisionDto implements DecisionInput {
  @ApiProperty({ enum: DECISIONS }) @IsIn(DECISIONS) decision!: Decision;
  @ApiPropertyOptional({ description: 'required to reject' })
  @ValidateIf((o: DecisionDto) => o.decision === 'reject' || o.comment !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'comment is required to reject' })
  @MaxLength(5000)
  comment?: string;
}

export class SubmitEvidenceDto implements SubmitEvidenceInput {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(20000) report!: string;
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
}

export class StageReportDto implements StageReportInput {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(20000) report!: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  evidenceIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() finalStage?: boolean;
}

export class EscalationDto implements EscalationInput {
  @ApiProperty({ enum: ESCALATION_ACTIONS }) @IsIn(ESCALATION_ACTIONS) action!: EscalationAction;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(5000) comment!: string;
  @ApiPropertyOptional()
  @ValidateIf((o: EscalationDto) => o.action === 'extend' || o.dueAt !== undefined)
  @IsISO8601({ strict: true })
  dueAt?: string;
  @ApiPropertyOptional()
  @ValidateIf((o: EscalationDto) => o.action === 'reassign' || o.leadDepartmentId !== undefined)
  @IsUUID()
  leadDepartmentId?: string;
}

export class LookBackDto implements LookBackInput {
  @ApiProperty({ enum: LOOK_BACK_OUTCOMES }) @IsIn(LOOK_BACK_OUTCOMES) outcome!: LookBackOutcome;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(5000) comment!: string;
}

export const TASK_INPUT_DTOS: Record<TaskKind, new () => object> = {
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
};
