import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
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
