import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { SUPERVISION_RECORD_KINDS, type SupervisionRecordKind } from '@rectiflow/contracts';
import { UnitPageQueryDto } from '../../http/pagination.dto';
import { CleanText } from '../../http/input-hygiene';

/** `POST /api/supervision/records`: a 约谈 or a 问责, about one or more findings of one unit. */
export class CreateSupervisionRecordDto {
  @ApiProperty({ enum: SUPERVISION_RECORD_KINDS })
  @IsIn(SUPERVISION_RECORD_KINDS)
  kind!: SupervisionRecordKind;

  @ApiProperty({
    example: '2026-12-02',
    description: 'the calendar day it took place, not later than today',
  })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'occurredOn must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  occurredOn!: string;

  @ApiProperty({ type: [String], description: 'the findings it is about (one unit), 1 to 50' })
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? [...new Set(value)] : value,
  )
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  findingIds!: string[];

  @ApiPropertyOptional({
    description:
      'the department concerned; default: the findings’ lead department when they share one',
  })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiProperty({
    example: '警务保障室主任',
    description: '约谈: with whom; 问责: who is held accountable',
  })
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  subject!: string;

  @ApiPropertyOptional({
    example: '纪检组长',
    description: '约谈: who held it (required); 问责: unused',
  })
  @ValidateIf((o: CreateSupervisionRecordDto) => o.kind === 'talk' || o.heldBy !== undefined)
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  heldBy?: string;

  @ApiPropertyOptional({
    example: '诫勉谈话',
    description: '问责: one of ACCOUNTABILITY_KINDS (required); 约谈: unused',
  })
  @ValidateIf(
    (o: CreateSupervisionRecordDto) =>
      o.kind === 'accountability' || o.accountabilityKind !== undefined,
  )
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  accountabilityKind?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @CleanText({ multiline: true })
  @IsString()
  @MaxLength(5000)
  note?: string;

  @ApiPropertyOptional({
    type: [String],
    description:
      'files uploaded by the caller through POST /api/supervision/record-files (the minutes, the decision), up to 10',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? [...new Set(value)] : value,
  )
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  fileIds?: string[];
}

/** `GET /api/supervision/records` filters. */
export class SupervisionRecordQueryDto extends UnitPageQueryDto {
  @ApiPropertyOptional({ enum: SUPERVISION_RECORD_KINDS })
  @IsOptional()
  @IsIn(SUPERVISION_RECORD_KINDS)
  kind?: SupervisionRecordKind;
  @ApiPropertyOptional() @IsOptional() @IsUUID() findingId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional({ description: 'records about findings of this round' })
  @IsOptional()
  @IsUUID()
  roundId?: string;
}
