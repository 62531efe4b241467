import type { Response } from 'express';
import type { ScorecardView } from '@rectiflow/contracts';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { ApiRoute } from '../openapi/api-route.decorator';
import { ScorecardQueryDto } from './dto/scorecard-query.dto';
import { ScorecardService } from './scorecard.service';
import { ExportDownload } from '../exports/export-slots';

/** Who reads the scorecard: the watchers see every department, a department its own row. */
const READERS = [
  'committee',
  'office',
  'supervisor',
  'inspector',
  'inspection_office',
  'department',
  'department_head',
] as const;

@ApiTags('scorecard')
@ApiBearerAuth()
@Controller()
export class ScorecardController {
  constructor(private readonly scorecard: ScorecardService) {}

  @Roles(...READERS)
  @Get('scorecard')
  @ApiRoute({
    summary:
      '绩效考核: per department, on-time closure, overdue days, send-backs, escalations, 问责 and open 督办单, weighted into a score',
    answer: 'ScorecardView',
    errors: { 404: 'No round has this id' },
  })
  get(@Query() query: ScorecardQueryDto, @CurrentUser() user: AuthUser): Promise<ScorecardView> {
    return this.scorecard.scorecard(query, user);
  }

  @Roles(...READERS)
  @Get('scorecard.xlsx')
  @ExportDownload({
    summary: 'The scorecard as an .xlsx workbook, with its formula and weights',
    files: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    errors: { 404: 'No round has this id' },
  })
  async workbook(
    @Query() query: ScorecardQueryDto,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.scorecard.workbook(query, user);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.attachment(file.filename);
    res.send(file.body);
  }
}
