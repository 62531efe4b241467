import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';

export const REPORT_FORMATS = ['md', 'docx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class ReportQueryDto {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'md' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format: ReportFormat = 'md';
}

/** `GET /api/rounds/:id/report`: its format, and the day its figures stand at. */
export class RoundReportQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({
    example: '2026-11-30',
    description:
      'the figures as the history stood at the end of this calendar day (ORG_TIMEZONE), not later than today; default: now',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  asOf?: string;
}
