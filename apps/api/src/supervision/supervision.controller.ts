import type { Response } from 'express';
import type {
  CommentFileView,
  SupervisionPage,
  SupervisionRecordPage,
  SupervisionRecordView,
} from '@rectiflow/contracts';
import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import type { UploadedFile as StoredUpload } from '../evidence/evidence.service';
import { sendStoredFile } from '../http/stored-file';
import { uuidParam } from '../http/uuid-param';
import { ApiDownload, ApiRoute } from '../openapi/api-route.decorator';
import { SupervisionQueryDto } from './dto/supervision-query.dto';
import {
  CreateSupervisionRecordDto,
  SupervisionRecordQueryDto,
} from './dto/supervision-record.dto';
import { SupervisionRecordsService } from './supervision-records.service';
import { SupervisionService } from './supervision.service';
import { ExportDownload } from '../exports/export-slots';

const WATCHERS = ['supervisor', 'office', 'committee', 'inspector', 'inspection_office'] as const;

@ApiTags('supervision')
@ApiBearerAuth()
@Controller()
export class SupervisionController {
  constructor(
    private readonly supervision: SupervisionService,
    private readonly records: SupervisionRecordsService,
  ) {}

  @Roles(...WATCHERS)
  @Get('supervision')
  @ApiRoute({
    summary: '督办台账: open findings overdue, escalated, sent back repeatedly or due soon',
    answer: 'SupervisionPage',
    errors: { 404: 'No round has this id' },
  })
  list(
    @Query() query: SupervisionQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<SupervisionPage> {
    return this.supervision.list(query, user);
  }

  @Roles(...WATCHERS)
  @Get('supervision.xlsx')
  @ExportDownload({
    summary: 'The supervision ledger as an .xlsx workbook, with the same filters',
    files: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    errors: { 404: 'No round has this id' },
  })
  async workbook(
    @Query() query: SupervisionQueryDto,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.supervision.workbook(query, user);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.attachment(file.filename);
    res.send(file.body);
  }

  @Roles('supervisor')
  @Post('supervision/records')
  @ApiRoute({
    summary:
      'Records a 约谈 (admonition talk) or a 问责 (accountability decision) about findings of one unit',
    answer: 'SupervisionRecordView',
  })
  createRecord(
    @Body() body: CreateSupervisionRecordDto,
    @CurrentUser() user: AuthUser,
  ): Promise<SupervisionRecordView> {
    return this.records.create(body, user);
  }

  @Roles('supervisor')
  @Post('supervision/record-files')
  @ApiRoute({
    summary:
      'Uploads a file for a 约谈 or 问责 record (the evidence upload rules); the record then names it in fileIds',
    answer: 'CommentFileView',
    errors: { 413: 'The file is larger than UPLOAD_MAX_BYTES' },
  })
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  uploadRecordFile(
    @UploadedFile() file: StoredUpload | undefined,
    @CurrentUser() user: AuthUser,
  ): Promise<CommentFileView> {
    return this.records.upload(file, user);
  }

  @Roles(...WATCHERS)
  @Get('supervision/record-files/:id')
  @ApiDownload({
    summary: 'The bytes of a 约谈 or 问责 record’s file, with its content type and file name',
    files: ['application/octet-stream'],
    errors: { 404: 'No record file with this id that the caller may read' },
  })
  async downloadRecordFile(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ): Promise<void> {
    const { row, bytes } = await this.records.download(id, user);
    sendStoredFile(res, row, bytes);
  }

  @Roles(...WATCHERS)
  @Get('supervision/records')
  @ApiRoute({
    summary: '约谈 and 问责 records, newest first, with the accountability kinds to choose from',
    answer: 'SupervisionRecordPage',
  })
  listRecords(
    @Query() query: SupervisionRecordQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<SupervisionRecordPage> {
    return this.records.list(query, user);
  }

  @Roles(...WATCHERS)
  @Get('supervision/records.xlsx')
  @ExportDownload({
    summary: '约谈 and 问责 records as an .xlsx workbook, with the same filters',
    files: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  })
  async recordsWorkbook(
    @Query() query: SupervisionRecordQueryDto,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.records.workbook(query, user);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.attachment(file.filename);
    res.send(file.body);
  }
}
