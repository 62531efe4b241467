import type { Response } from 'express';
import type { MeetingDecisionsAnswer, MeetingDetail, MeetingPage } from '@rectiflow/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { uuidParam } from '../http/uuid-param';
import { ApiRoute } from '../openapi/api-route.decorator';
import { CreateMeetingDto, MeetingDecisionsDto, MeetingQueryDto } from './dto/meeting.dto';
import { MeetingsService } from './meetings.service';
import { ExportDownload } from '../exports/export-slots';

const READERS = ['office', 'committee'] as const;
const NOT_FOUND = { 404: 'No meeting has this id (or it belongs to another unit)' };

/** 专题会议: the committee's meetings on rectification, their packs and decisions. */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Roles('office')
  @Post()
  @ApiRoute({
    summary:
      '专题会议: the office creates a meeting of its unit; its agenda is read from the findings (since the previous meeting unless `since` is given)',
    answer: 'MeetingDetail',
  })
  create(@Body() body: CreateMeetingDto, @CurrentUser() user: AuthUser): Promise<MeetingDetail> {
    return this.meetings.create(body, user);
  }

  @Roles(...READERS)
  @Get()
  @ApiRoute({ summary: 'The meetings, latest first', answer: 'MeetingPage' })
  list(@Query() query: MeetingQueryDto, @CurrentUser() user: AuthUser): Promise<MeetingPage> {
    return this.meetings.list(query, user);
  }

  @Roles(...READERS)
  @Get(':id')
  @ApiRoute({
    summary:
      'A meeting with its agenda read now (awaiting final review, overdue or escalated, stage reports, look-backs, open 督办单) and the decisions recorded',
    answer: 'MeetingDetail',
    errors: NOT_FOUND,
  })
  detail(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<MeetingDetail> {
    return this.meetings.detail(id, user);
  }

  @Roles(...READERS)
  @Get(':id/pack.docx')
  @ExportDownload({
    summary: '专题会议材料: the agenda as a .docx in the official layout',
    files: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    errors: NOT_FOUND,
  })
  async pack(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.meetings.pack(id, user);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.attachment(file.filename);
    res.send(file.body);
  }

  @Roles('office')
  @Post(':id/decisions')
  @HttpCode(200)
  @ApiRoute({
    summary:
      "The meeting's decisions on findings in one step: accept / send_back complete the open review_3, extend changes the deadline, escalate issues a 督办单 to the lead department, note comments; each audited with the meeting's id",
    answer: 'MeetingDecisionsAnswer',
    errors: {
      ...NOT_FOUND,
      409: 'A finding cannot take its decision now (no open review_3 to accept or send back; closed, withdrawn or halted): nothing is applied',
    },
  })
  decide(
    @Param('id', uuidParam()) id: string,
    @Body() body: MeetingDecisionsDto,
    @CurrentUser() user: AuthUser,
  ): Promise<MeetingDecisionsAnswer> {
    return this.meetings.decide(id, body, user);
  }
}
