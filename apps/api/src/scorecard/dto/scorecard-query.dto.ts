import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';

/**
 * `GET /api/scorecard` (and `.xlsx`): the period is a round, a range of calendar days in
 * ORG_TIMEZONE (findings whose deadline falls within it), both (narrowing), or neither (every
 * finding the caller's units hold).
 */
export class ScorecardQueryDto {
  @ApiPropertyOptional({ description: 'the findings of one round' })
  @IsOptional()
  @IsUUID()
  roundId?: string;

  @ApiPropertyOptional({
    example: '2026-01-01',
    description: 'first calendar day (ORG_TIMEZONE) of the period; with `to`',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12-31',
    description: 'last calendar day (ORG_TIMEZONE) of the period, included; with `from`',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({
    description:
      'inspecting side: one of the units it follows; a unit’s own people always get their unit',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}
