import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { SUPERVISION_REASONS, type SupervisionReason } from '@rectiflow/contracts';
import { LIGHTS, type Light } from '@rectiflow/domain';
import { UnitPageQueryDto } from '../../http/pagination.dto';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/** `GET /api/supervision` filters; every one narrows the ledger further. */
export class SupervisionQueryDto extends UnitPageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() roundId?: string;
  @ApiPropertyOptional({ description: 'the lead department' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
  @ApiPropertyOptional({ description: 'the responsible leader' })
  @IsOptional()
  @IsUUID()
  leaderId?: string;
  @ApiPropertyOptional({ enum: SUPERVISION_REASONS })
  @IsOptional()
  @IsIn(SUPERVISION_REASONS)
  reason?: SupervisionReason;
  @ApiPropertyOptional({ enum: LIGHTS })
  @IsOptional()
  @IsIn(LIGHTS)
  light?: Light;
  @ApiPropertyOptional({ description: 'escalation level at least this' })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10)
  level?: number;
}
