import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class DashboardQueryDto {
  @ApiPropertyOptional({ description: 'one round; all rounds when absent' })
  @IsOptional()
  @IsUUID()
  roundId?: string;

  @ApiPropertyOptional({ description: 'inspecting side: one of the units it follows' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}
