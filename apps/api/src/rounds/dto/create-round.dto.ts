import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { ROUND_SOURCES, type RoundSource } from '@rectiflow/domain';
import { CleanText, IsDueDate } from '../../http/input-hygiene';

export class CreateRoundDto {
  @ApiPropertyOptional({ description: 'inspecting side: the unit the round is for' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: 'inspecting side: the batch it is part of' })
  @IsOptional()
  @IsUUID()
  batchId?: string;

  @ApiProperty({ example: '县委第三巡察组巡察反馈' })
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title!: string;

  @ApiProperty({ enum: ROUND_SOURCES })
  @IsIn(ROUND_SOURCES)
  source!: RoundSource;

  @ApiPropertyOptional({ example: '县委第三巡察组' })
  @CleanText()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  inspectingBody?: string;

  @ApiPropertyOptional({ example: '2025-01-10' })
  @IsOptional()
  @IsISO8601({ strict: true })
  feedbackDate?: string;

  @ApiPropertyOptional({ example: '2025-04-10T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsDueDate({ allowPast: true })
  dueAt?: string;
}
