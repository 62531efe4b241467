import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { INBOX_VIEW_LIMITS, INBOX_VIEW_SORTS, type InboxViewSort } from '@rectiflow/contracts/web';
import { INBOX_TASK_KINDS, type InboxTaskKind } from '@rectiflow/domain';
import { CleanText } from '../http/input-hygiene';

/** The inbox's filters as `GET /api/inbox` takes them; nothing else is kept. */
export class InboxViewFiltersDto {
  @ApiPropertyOptional({ enum: INBOX_TASK_KINDS })
  @IsOptional()
  @IsIn(INBOX_TASK_KINDS)
  kind?: InboxTaskKind;
  @ApiPropertyOptional() @IsOptional() @IsUUID() roundId?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ maxLength: INBOX_VIEW_LIMITS.qMax })
  @IsOptional()
  @CleanText()
  @IsString()
  @MaxLength(INBOX_VIEW_LIMITS.qMax)
  q?: string;
  @ApiPropertyOptional({ enum: INBOX_VIEW_SORTS })
  @IsOptional()
  @IsIn(INBOX_VIEW_SORTS)
  sort?: InboxViewSort;
  @ApiPropertyOptional({ enum: ['asc', 'desc'] })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class CreateInboxViewDto {
  @ApiProperty({ example: '本轮逾期', maxLength: INBOX_VIEW_LIMITS.nameMax })
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(INBOX_VIEW_LIMITS.nameMax)
  name!: string;

  @ApiProperty({ type: InboxViewFiltersDto })
  @IsObject()
  @ValidateNested()
  @Type(() => InboxViewFiltersDto)
  filters!: InboxViewFiltersDto;
}
