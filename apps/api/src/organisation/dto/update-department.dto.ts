import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CleanText } from '../../http/input-hygiene';

/** A change to a department; what is absent stays. */
export class UpdateDepartmentDto {
  @ApiPropertyOptional({ example: 'D4' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'code must be 1-40 letters, digits, - or _' })
  code?: string;

  @ApiPropertyOptional({ example: '治安管理大队' })
  @IsOptional()
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    description: 'false: takes no new findings; refused (409) while it leads open ones',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
