import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { toBoolean } from '../../findings/dto/finding-query.dto';
import { CleanText, IsDueDate } from '../../http/input-hygiene';
import { AssignDto } from '../../tasks/dto/task-inputs.dto';

/** One import may bring at most this many findings (the 1,000 of a large round fit easily). */
export const MAX_IMPORT_FINDINGS = 5000;

export class ImportQueryDto {
  @ApiPropertyOptional({ description: 'parse and answer without creating anything' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun?: boolean;
}

/** The long-term section's own entry for a finding (需长期整改事项: heading and progress text). */
export class ImportLongTermEntryDto {
  @ApiProperty({ example: '持续推进交警部门营区搬迁计划落地' })
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  title!: string;

  @ApiProperty({ example: '营区搬迁项目已纳入县重点项目库，正在办理用地审批手续' })
  @CleanText({ multiline: true })
  @IsString()
  @MaxLength(20000)
  progress!: string;
}

export class ImportFindingDto {
  @ApiProperty({ example: '工程项目招投标环节监管存在漏洞' })
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  title!: string;

  @ApiPropertyOptional({ type: [String] })
  @CleanText({ multiline: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(5000, { each: true })
  measures?: string[];

  @ApiPropertyOptional({ example: 'D1' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  leadDepartmentCode?: string;
  @ApiPropertyOptional({ example: 'leader1' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  responsibleLeaderUsername?: string;
  @ApiPropertyOptional({ example: '2025-09-30T15:59:59Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsDueDate({ allowPast: true })
  dueAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() longTerm?: boolean;

  @ApiPropertyOptional({
    type: ImportLongTermEntryDto,
    description: "the long-term section's own text for this finding; makes it a long-term item",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ImportLongTermEntryDto)
  longTermEntry?: ImportLongTermEntryDto;

  @ApiPropertyOptional({
    type: AssignDto,
    description:
      '交办 on import: once the finding is created, its `assign` task is completed with this, as ' +
      'POST /api/rounds/:id/assign would; a refusal leaves it awaiting assignment and is listed in `failed`',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => AssignDto)
  assignment?: AssignDto;

  @ApiPropertyOptional({
    type: [Number],
    description:
      'with `origin`: the `ref`s of the previewed findings this one was made from (two or more: merged; ' +
      'a ref named by two findings: split; none: added by hand)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_IMPORT_FINDINGS)
  @IsInt({ each: true })
  @Min(0, { each: true })
  fromParsed?: number[];
}

export class ImportThemeDto {
  @ApiProperty() @CleanText() @IsString() @IsNotEmpty() @MaxLength(500) title!: string;

  @ApiProperty({ type: [ImportFindingDto] })
  @IsArray()
  @ArrayMaxSize(MAX_IMPORT_FINDINGS)
  @ValidateNested({ each: true })
  @Type(() => ImportFindingDto)
  findings!: ImportFindingDto[];
}

export class ImportAreaDto {
  @ApiProperty() @CleanText() @IsString() @IsNotEmpty() @MaxLength(500) title!: string;

  @ApiProperty({ type: [ImportThemeDto] })
  @IsArray()
  @ArrayMaxSize(MAX_IMPORT_FINDINGS)
  @ValidateNested({ each: true })
  @Type(() => ImportThemeDto)
  themes!: ImportThemeDto[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A string or null (the class's types say so; the design-time metadata cannot). */
const NULLABLE = { type: 'string', nullable: true } as const;

export class ImportPublicationDto {
  @ApiPropertyOptional({ ...NULLABLE, example: '2025-09-01' })
  @IsOptional()
  @Matches(DATE)
  from?: string | null;
  @ApiPropertyOptional({ ...NULLABLE, example: '2025-09-15' })
  @IsOptional()
  @Matches(DATE)
  to?: string | null;
  @ApiPropertyOptional(NULLABLE) @IsOptional() @IsString() @MaxLength(100) phone?: string | null;
  @ApiPropertyOptional(NULLABLE) @IsOptional() @IsString() @MaxLength(200) email?: string | null;
  @ApiPropertyOptional(NULLABLE) @IsOptional() @IsString() @MaxLength(500) address?: string | null;
  @ApiPropertyOptional(NULLABLE) @IsOptional() @IsString() @MaxLength(20) postcode?: string | null;
}

/** The structured import (application/json), as API.md describes it. */
export class ImportTreeDto {
  @ApiProperty({ type: [ImportAreaDto] })
  @IsArray()
  @ArrayMaxSize(MAX_IMPORT_FINDINGS)
  @ValidateNested({ each: true })
  @Type(() => ImportAreaDto)
  areas!: ImportAreaDto[];

  @ApiPropertyOptional({
    type: ImportPublicationDto,
    description: 'the public-comment block to store on the round',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ImportPublicationDto)
  publication?: ImportPublicationDto;

  @ApiPropertyOptional({
    description:
      'the `origin` of the dry run this tree was corrected from: the import is then recorded as that ' +
      'document, with what the office changed',
  })
  @IsOptional()
  @IsString()
  @MaxLength(8_000_000)
  origin?: string;
}
