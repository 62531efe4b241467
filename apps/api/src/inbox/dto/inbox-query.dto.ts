import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { TASK_KINDS, type TaskKind } from '@rectiflow/domain';
import { toBoolean } from '../../findings/dto/finding-query.dto';
import { UnitPageQueryDto } from '../../http/pagination.dto';

export class InboxQueryDto extends UnitPageQueryDto {
  @ApiPropertyOptional({ enum: TASK_KINDS }) @IsOptional() @IsIn(TASK_KINDS) kind?: TaskKind;
  @ApiPropertyOptional() @IsOptional() @IsUUID() roundId?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() overdue?: boolean;
}
