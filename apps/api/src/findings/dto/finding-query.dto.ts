import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { LIGHTS, STAGES, type Light, type Stage } from '@rectiflow/domain';
import { UnitPageQueryDto } from '../../http/pagination.dto';
import { CleanText } from '../../http/input-hygiene';

export const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === true ? true : value === 'false' || value === false ? false : value;

export class FindingQueryDto extends UnitPageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() roundId?: string;
  @ApiPropertyOptional({ enum: STAGES }) @IsOptional() @IsIn(STAGES) stage?: Stage;
  @ApiPropertyOptional() @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional({ description: 'live and past its next due time, as the dashboard counts' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;
  @ApiPropertyOptional({
    enum: [...LIGHTS, 'unassigned'],
    description: '红黄绿灯, or 待交办 (unassigned), as the dashboard counts them',
  })
  @IsOptional()
  @IsIn([...LIGHTS, 'unassigned'])
  light?: Light | 'unassigned';
  @ApiPropertyOptional({ description: 'on the escalation ladder now or ever (督办)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  escalated?: boolean;
  @ApiPropertyOptional({ description: 'the responsible leader (责任领导)' })
  @IsOptional()
  @IsUUID()
  leaderId?: string;
  @ApiPropertyOptional({ description: '长期整改' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  longTerm?: boolean;
  @ApiPropertyOptional({ description: 'true: not closed; false: closed' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  open?: boolean;
  @ApiPropertyOptional({ description: '撤回; the dashboard counts withdrawn=false only' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  withdrawn?: boolean;
  @ApiPropertyOptional({ description: 'text in the title or code (% and _ are literal)' })
  @CleanText()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
