import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CleanText } from '../../http/input-hygiene';

export class CreateDepartmentDto {
  @ApiPropertyOptional({ description: 'inspecting office: the unit it belongs to' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiProperty({ example: 'D4' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'code must be 1-40 letters, digits, - or _' })
  code!: string;

  @ApiProperty({ example: '治安管理大队' })
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;
}
