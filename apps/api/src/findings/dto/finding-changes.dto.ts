import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CleanText, CoDepartmentIds, IsDueDate } from '../../http/input-hygiene';

/** Every change to a running finding says why; the reason goes into its history. */
export class FindingChangeDto {
  @ApiProperty({ example: '机构调整，职责划转', description: 'why; kept in the history' })
  @CleanText({ multiline: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

/** 改派: what is absent stays. */
export class ReassignFindingDto extends FindingChangeDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() responsibleLeaderId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() leadDepartmentId?: string;

  @CoDepartmentIds()
  coDepartmentIds?: string[];

  @ApiPropertyOptional({
    description: "when the added co-departments' contributions fall due (default: the deadline)",
    example: '2026-12-31',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsDueDate()
  coDepartmentDueAt?: string;
}

/** 延期: the new deadline (a calendar day is the end of that day in ORG_TIMEZONE). */
export class DueDateChangeDto extends FindingChangeDto {
  @ApiProperty({ example: '2026-12-31', description: 'ISO time, or YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  @IsDueDate()
  dueAt!: string;
}

/** A new title; the earlier one stays in the history. */
export class UpdateFindingDto extends FindingChangeDto {
  @ApiPropertyOptional({ example: '理论学习中心组学习不够深入' })
  @IsOptional()
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  title?: string;
}

/** 督办单: the department, what it must do and by when (a calendar day: the end of that day). */
export class SupervisionOrderBodyDto {
  @ApiProperty({ description: "an active department of the finding's unit" })
  @IsUUID()
  departmentId!: string;

  @ApiProperty({ example: '请于期限内完成制度修订并报送落实情况' })
  @CleanText({ multiline: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  requirement!: string;

  @ApiProperty({ example: '2026-12-31' })
  @IsISO8601({ strict: true })
  @IsDueDate()
  dueAt!: string;
}

/** 催办: a notice to a department (the lead department when none is named). */
export class NudgeBodyDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() departmentId?: string;

  @ApiProperty({ example: '请加快整改进度' })
  @CleanText({ multiline: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text!: string;
}
