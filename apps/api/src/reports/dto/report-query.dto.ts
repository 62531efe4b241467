import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const REPORT_FORMATS = ['md', 'docx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class ReportQueryDto {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'md' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format: ReportFormat = 'md';
}
