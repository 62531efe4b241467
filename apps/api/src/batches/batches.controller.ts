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
import { ApiBearerAuth, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { PageQueryDto } from '../http/pagination.dto';
import { uuidParam } from '../http/uuid-param';
import { BatchesService } from './batches.service';
import { CreateBatchDto, CreateEvaluationDto } from './dto/batch.dto';

/** At most this many files with one evaluation. */
const EVALUATION_FILES = 10;

@ApiTags('batches')
@ApiBearerAuth()
@Controller('batches')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  @Roles('inspection_office')
  @Post()
  create(@Body() body: CreateBatchDto, @CurrentUser() user: AuthUser): Promise<BatchView> {
    return this.batches.create(body, user);
  }

  @Get()
  list(@Query() q: PageQueryDto, @CurrentUser() user: AuthUser): Promise<Page<BatchView>> {
    return this.batches.list(user, q.page, q.pageSize);
  }

  @Get(':id')
  get(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<BatchView> {
    return this.batches.get(id, user);
  }

  /** Per unit and in total: findings, completed, basically completed, not completed, rate. */
  @Get(':id/summary')
  summary(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<BatchSummary> {
    return this.batches.summary(id, user);
  }

  @Roles('inspection_office', 'supervisor', 'inspector')
  @Get(':id/summary.docx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  async summaryDocx(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.batches.summaryDocx(id, user);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.attachment(file.filename);
    res.send(file.body);
  }

  @Get(':id/evaluations')
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
  evaluate(
    @Param('id', uuidParam()) id: string,
    @Body() body: CreateEvaluationDto,
    @UploadedFiles() files: { originalname: string; buffer: Buffer; size: number }[] | undefined,
    @CurrentUser() user: AuthUser,
  ): Promise<UnitEvaluationView> {
    return this.batches.evaluate(id, body, files ?? [], user);
  }

  @Get(':id/evaluations/:evaluationId/files/:sha256')
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
    res.attachment(file.filename);
    res.send(file.body);
  }
}
