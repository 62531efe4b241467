import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { UnitSettings } from '@rectiflow/contracts';
import { CleanText } from '../../http/input-hygiene';

const DURATION = /^\d+(ms|s|m|h|d)$/;
const durationMessage = (name: string) => `${name} must be a duration such as 15d, 12h or 10s`;

export class UnitTimingDto {
  @ApiPropertyOptional({ example: '10d' })
  @IsOptional()
  @Matches(DURATION, { message: durationMessage('WARN_BEFORE') })
  WARN_BEFORE?: string;

  @ApiPropertyOptional({ example: '0s' })
  @IsOptional()
  @Matches(DURATION, { message: durationMessage('ESCALATE_AFTER') })
  ESCALATE_AFTER?: string;

  @ApiPropertyOptional({ example: '7d' })
  @IsOptional()
  @Matches(DURATION, { message: durationMessage('ESCALATION_INTERVAL') })
  ESCALATION_INTERVAL?: string;

  @ApiPropertyOptional({ example: '15d' })
  @IsOptional()
  @Matches(DURATION, { message: durationMessage('STEP_DUE') })
  STEP_DUE?: string;

  @ApiPropertyOptional({ example: '30d' })
  @IsOptional()
  @Matches(DURATION, { message: durationMessage('STAGE_REPORT_EVERY') })
  STAGE_REPORT_EVERY?: string;

  @ApiPropertyOptional({ example: '180d' })
  @IsOptional()
  @Matches(DURATION, { message: durationMessage('LOOK_BACK_AFTER') })
  LOOK_BACK_AFTER?: string;
}

export class UnitSettingsDto implements UnitSettings {
  @ApiPropertyOptional({ type: UnitTimingDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => UnitTimingDto)
  timing?: UnitTimingDto;

  @ApiPropertyOptional({ enum: ['office', 'committee', 'either'] })
  @IsOptional()
  @IsIn(['office', 'committee', 'either'])
  review3By?: 'office' | 'committee' | 'either';

  @ApiPropertyOptional({ description: 'also e-mail notices (where a mailer is configured)' })
  @IsOptional()
  @IsBoolean()
  email?: boolean;
}

export class CreateUnitDto {
  @ApiProperty({ example: '区市场监督管理局' })
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'U3' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'code must be 1-40 letters, digits, - or _' })
  code!: string;

  @ApiPropertyOptional({ type: UnitSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => UnitSettingsDto)
  settings?: UnitSettingsDto;
}

export class UpdateUnitDto {
  @ApiPropertyOptional()
  @CleanText()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: UnitSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => UnitSettingsDto)
  settings?: UnitSettingsDto;
}
