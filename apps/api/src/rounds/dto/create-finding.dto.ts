import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { CleanText, IsDueDate } from '../../http/input-hygiene';

export class CreateFindingDto {
  @ApiProperty({ example: '理论学习中心组学习不够深入' })
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  title!: string;

  @ApiPropertyOptional() @CleanText() @IsOptional() @IsString() @MaxLength(500) areaTitle?: string;
  @ApiPropertyOptional() @CleanText() @IsOptional() @IsString() @MaxLength(500) themeTitle?: string;

  @ApiPropertyOptional({ type: [String] })
  @CleanText({ multiline: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(5000, { each: true })
  measures?: string[];

  @ApiPropertyOptional() @IsOptional() @IsUUID() leadDepartmentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() responsibleLeaderId?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) @IsDueDate() dueAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() longTerm?: boolean;
}
