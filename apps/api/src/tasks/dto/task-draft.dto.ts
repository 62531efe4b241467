import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CleanText } from '../../http/input-hygiene';

/**
 * Drafts are checked for shape and size only — the limits of the completion's own body — never
 * for completeness: a half-written plan may have no measure yet, or a measure without text.
 */
export class MeasureDraftShape {
  @ApiPropertyOptional()
  @IsOptional()
  @CleanText({ multiline: true })
  @IsString()
  @MaxLength(5000)
  text?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) dueAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() ownerDepartmentId?: string;
}

export class DraftMeasuresShape {
  @ApiPropertyOptional({ type: [MeasureDraftShape] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MeasureDraftShape)
  measures?: MeasureDraftShape[];
}

export class SubmitEvidenceShape {
  @ApiPropertyOptional()
  @IsOptional()
  @CleanText({ multiline: true })
  @IsString()
  @MaxLength(20000)
  report?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  evidenceIds?: string[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  measuresDone?: string[];
}

/** The kinds whose input may be saved as a draft, with the shape of each. */
export const DRAFT_SHAPES = {
  draft_measures: DraftMeasuresShape,
  submit_evidence: SubmitEvidenceShape,
} as const;
export type DraftKind = keyof typeof DRAFT_SHAPES;
export const isDraftKind = (kind: string): kind is DraftKind => kind in DRAFT_SHAPES;

/** `PUT /api/tasks/:id/draft`. */
export class SaveDraftDto {
  @ApiProperty({ type: Object, description: "the task's input as far as written" })
  @IsObject()
  body!: Record<string, unknown>;
}
