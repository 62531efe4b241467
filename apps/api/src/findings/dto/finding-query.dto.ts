import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { STAGES, type Stage } from '@rectiflow/domain';
import { UnitPageQueryDto } from '../../http/pagination.dto';
import { CleanText } from '../../http/input-hygiene';

export const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === true ? true : value === 'false' || value === false ? false : value;

export class FindingQueryDto extends UnitPageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() roundId?: string;
  @ApiPropertyOptional({ enum: STAGES }) @IsOptional() @IsIn(STAGES) stage?: Stage;
  @ApiPropertyOptional() @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ description: 'text in the title or code (% and _ are literal)' })
  @CleanText()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
