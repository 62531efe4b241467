import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MEETING_DECISIONS, type MeetingDecisionKind } from '@rectiflow/contracts';
import { UnitPageQueryDto } from '../../http/pagination.dto';
import { CleanText, IsDueDate } from '../../http/input-hygiene';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `POST /api/meetings`: a 专题会议 of the office's unit. */
export class CreateMeetingDto {
  @ApiProperty({ example: '2026-12-15', description: 'the calendar day it is held' })
  @Matches(DAY, { message: 'heldOn must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  heldOn!: string;

  @ApiProperty({ example: '巡察整改工作领导小组第十二次专题会议' })
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({ example: '张书记、李副局长、整改办、各牵头部门负责人' })
  @IsOptional()
  @CleanText({ multiline: true })
  @IsString()
  @MaxLength(2000)
  attendees?: string;

  @ApiPropertyOptional({ type: [String], description: 'attending users of the unit' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attendeeIds?: string[];

  @ApiPropertyOptional({ description: 'confine the agenda to one round' })
  @IsOptional()
  @IsUUID()
  roundId?: string;

  @ApiPropertyOptional({
    example: '2026-12-01',
    description:
      'the agenda counts escalations, stage reports and look-backs from this day on; default: the day of the previous meeting',
  })
  @IsOptional()
  @Matches(DAY, { message: 'since must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  since?: string;
}

export class MeetingQueryDto extends UnitPageQueryDto {}

/** One decision on one finding. */
export class MeetingDecisionItemDto {
  @ApiProperty() @IsUUID() findingId!: string;

  @ApiProperty({ enum: MEETING_DECISIONS })
  @IsIn(MEETING_DECISIONS)
  decision!: MeetingDecisionKind;

  @ApiPropertyOptional({
    description: 'what was decided; required for send_back, escalate and note',
  })
  @IsOptional()
  @CleanText({ multiline: true })
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({
    example: '2027-01-31',
    description: 'the new deadline (extend) or the 督办单 due day (escalate); required for both',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsDueDate()
  dueAt?: string;
}

export class MeetingDecisionsDto {
  @ApiProperty({ type: [MeetingDecisionItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => MeetingDecisionItemDto)
  decisions!: MeetingDecisionItemDto[];
}
