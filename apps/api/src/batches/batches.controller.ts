import type { BatchSummary, BatchView, Page, UnitEvaluationView } from '@rectiflow/contracts';
import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Res,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { downloadName } from '../http/input-hygiene';
import { PageQueryDto } from '../http/pagination.dto';
import { uuidParam } from '../http/uuid-param';
import { ApiDownload, ApiRoute } from '../openapi/api-route.decorator';
import { BatchesService } from './batches.service';
import { CreateBatchDto, CreateEvaluationDto } from './dto/batch.dto';
import { ExportDownload } from '../exports/export-slots';

/** At most this many files with one evaluation. */
const EVALUATION_FILES = 10;

@ApiTags('batches')
@ApiBearerAuth()
@Controller('batches')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  @Roles('inspection_office')
  @Post()
  @ApiRoute({ summary: 'Creates an inspection batch over several units', answer: 'BatchView' })
  create(@Body() body: CreateBatchDto, @CurrentUser() user: AuthUser): Promise<BatchView> {
    return this.batches.create(body, user);
  }

  @Get()
  @ApiRoute({ summary: 'Batches covering the units the caller sees', answer: 'BatchPage' })
  list(@Query() q: PageQueryDto, @CurrentUser() user: AuthUser): Promise<Page<BatchView>> {
    return this.batches.list(user, q.page, q.pageSize);
  }

  @Get(':id')
  @ApiRoute({
    summary: 'One batch',
    answer: 'BatchView',
    errors: { 404: 'No batch the caller sees' },
  })
  get(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<BatchView> {
    return this.batches.get(id, user);
  }

  /** Per unit and in total: findings, completed, basically completed, not completed, rate. */
  @Get(':id/summary')
  @ApiRoute({
    summary: 'The batch’s completion figures per unit and in total',
    answer: 'BatchSummary',
    errors: { 404: 'No batch the caller sees' },
  })
  summary(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<BatchSummary> {
    return this.batches.summary(id, user);
  }

  @Roles('inspection_office', 'supervisor', 'inspector')
  @Get(':id/summary.docx')
  @ExportDownload({
    summary: 'The batch’s summary report (巡察整改情况汇总报告) as a Word document',
    files: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    errors: { 404: 'No batch the caller sees' },
  })
  async summaryDocx(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.batches.summaryDocx(id, user);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.attachment(downloadName(file.filename));
    res.send(file.body);
  }

  @Get(':id/evaluations')
  @ApiRoute({
    summary: 'The units’ evaluations (整改成效评估), newest first',
    answer: 'UnitEvaluationList',
    errors: { 404: 'No batch the caller sees' },
  })
  evaluations(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<UnitEvaluationView[]> {
    return this.batches.evaluations(id, user);
  }

  /** 整改成效评估 of one unit: multipart with `unitId`, `rating`, `note` and `files`. */
  @Roles('inspection_office')
  @Post(':id/evaluations')
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FilesInterceptor('files', EVALUATION_FILES))
  @ApiRoute({
    summary: 'Records a unit’s evaluation with its files',
    answer: 'UnitEvaluationView',
    errors: { 404: 'No batch the caller sees' },
  })
  evaluate(
    @Param('id', uuidParam()) id: string,
    @Body() body: CreateEvaluationDto,
    @UploadedFiles() files: { originalname: string; buffer: Buffer; size: number }[] | undefined,
    @CurrentUser() user: AuthUser,
  ): Promise<UnitEvaluationView> {
    return this.batches.evaluate(id, body, files ?? [], user);
  }

  @Get(':id/evaluations/:evaluationId/files/:sha256')
  @ApiDownload({
    summary: 'A file of an evaluation',
    files: ['application/octet-stream'],
    errors: { 404: 'No such file the caller may see' },
  })
  async evaluationFile(
    @Param('id', uuidParam()) id: string,
    @Param('evaluationId', uuidParam()) evaluationId: string,
    @Param('sha256') sha256: string,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.batches.evaluationFile(id, evaluationId, sha256.slice(0, 64), user);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.attachment(downloadName(file.filename));
    res.send(file.body);
  }
}
