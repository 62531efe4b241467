import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { REPORT_VERSIONS, type ReportVersion } from '@rectiflow/domain';

export const REPORT_FORMATS = ['md', 'docx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class ReportQueryDto {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'md' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format: ReportFormat = 'md';

  @ApiPropertyOptional({
    enum: REPORT_VERSIONS,
    default: 'internal',
    description:
      'internal (向党内通报): every finding; public (向社会通报): the withheld findings left out, only their number stated',
  })
  @IsOptional()
  @IsIn(REPORT_VERSIONS)
  version: ReportVersion = 'internal';
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
