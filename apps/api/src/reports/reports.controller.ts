import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { uuidParam } from '../http/uuid-param';
import { ReportQueryDto } from './dto/report-query.dto';
import { ReportsService, type DownloadFile } from './reports.service';

function send(res: Response, file: DownloadFile): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.attachment(file.filename);
  res.send(file.body);
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** Everyone signed in; department staff get their own department's rows. */
  @Get('rounds/:id/ledger.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
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
  @ApiProduces(
    'text/markdown',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  )
  async report(
    @Param('id', uuidParam()) id: string,
    @Query() query: ReportQueryDto,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ) {
    send(res, await this.reports.report(id, query.format, user));
  }

  @Roles('office', 'inspection_office')
  @Get('import-template.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async importTemplate(@Res() res: Response) {
    send(res, await this.reports.importTemplate());
  }
}
