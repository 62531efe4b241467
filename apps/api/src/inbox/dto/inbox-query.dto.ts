import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { INBOX_TASK_KINDS, type InboxTaskKind } from '@rectiflow/domain';
import { toBoolean } from '../../findings/dto/finding-query.dto';
import { UnitPageQueryDto } from '../../http/pagination.dto';
import { INBOX_SORTS, type InboxSort } from '../inbox-sql';

export class InboxQueryDto extends UnitPageQueryDto {
  @ApiPropertyOptional({ enum: INBOX_TASK_KINDS })
  @IsOptional()
  @IsIn(INBOX_TASK_KINDS)
  kind?: InboxTaskKind;
  @ApiPropertyOptional() @IsOptional() @IsUUID() roundId?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() overdue?: boolean;

  @ApiPropertyOptional({
    description:
      'part of the finding’s title or number, or of its measures or reports, in any round',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    enum: INBOX_SORTS,
    default: 'due',
    description:
      'due: by due time (the light follows it); code: by the finding’s number; kind: by step',
  })
  @IsOptional()
  @IsIn(INBOX_SORTS)
  sort?: InboxSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

/** `GET /api/inbox/counts`: the counts follow the same filters as the list (but the kind). */
export class InboxCountsQueryDto extends UnitPageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() roundId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) q?: string;
}
