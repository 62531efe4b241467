import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { downloadName } from '../http/input-hygiene';
import { uuidParam } from '../http/uuid-param';
import { RoundReportQueryDto } from './dto/report-query.dto';
import { ApprovalFormService } from './approval-form.service';
import { ReportsService, type DownloadFile } from './reports.service';
import { ExportDownload } from '../exports/export-slots';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function send(res: Response, file: DownloadFile): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.attachment(downloadName(file.filename));
  res.send(file.body);
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly approvalForms: ApprovalFormService,
  ) {}

  /** Everyone signed in; department staff get their own department's rows. */
  @Get('rounds/:id/ledger.xlsx')
  @ExportDownload({
    summary: 'The rectification ledger (整改台账) of a round, one row per finding',
    files: [XLSX],
    errors: { 404: 'No round has this id' },
  })
  async ledger(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ) {
    send(res, await this.reports.ledger(id, user));
  }

  /** The whole round's report, so only the organisation-wide roles (it names every finding). */
  @Roles('office', 'committee', 'leader', 'supervisor', 'inspector', 'inspection_office')
  @Get('rounds/:id/report')
  @ExportDownload({
    summary:
      'The progress report (通报) of a round: internal (向党内通报, every finding) or `version=public` (向社会通报, withheld findings left out and counted)',
    files: ['text/markdown', DOCX],
    errors: { 404: 'No round has this id' },
  })
  async report(
    @Param('id', uuidParam()) id: string,
    @Query() query: RoundReportQueryDto,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ) {
    send(res, await this.reports.report(id, query.format, user, query.version, query.asOf));
  }

  /** Whoever may see the finding (its departments, the organisation-wide roles). */
  @Get('findings/:id/approval-form.docx')
  @ExportDownload({
    summary: 'The 销号审批表 of a finding: measures, evidence with SHA-256, the three reviews',
    files: [DOCX],
    errors: {
      403: 'The finding belongs to another department',
      404: 'No finding has this id (or it is of a unit the caller does not see)',
    },
  })
  async approvalForm(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ) {
    send(res, await this.approvalForms.docx(id, user));
  }

  @Roles('office', 'inspection_office')
  @Get('import-template.xlsx')
  @ExportDownload({ summary: 'The XLSX template for importing findings', files: [XLSX] })
  async importTemplate(@Res() res: Response) {
    send(res, await this.reports.importTemplate());
  }
}
