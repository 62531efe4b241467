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

export class CreateFindingDto {
  @ApiProperty({ example: '理论学习中心组学习不够深入' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  title!: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) areaTitle?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) themeTitle?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(5000, { each: true })
  measures?: string[];

  @ApiPropertyOptional() @IsOptional() @IsUUID() leadDepartmentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() responsibleLeaderId?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) dueAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() longTerm?: boolean;
}
