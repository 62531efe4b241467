import type { ImportAnswer } from '@rectiflow/contracts';
import {
  BadRequestException,
  Body,
  Controller,
  Headers,
  Param,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { memoryStorage } from 'multer';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { uuidParam } from '../http/uuid-param';
import { ApiRoute } from '../openapi/api-route.decorator';
import { ApiRequestContent } from '../openapi/request-content.decorator';
import { ImportQueryDto, ImportTreeDto } from './dto/import-tree.dto';
import { ImportService, type ImportSource } from './import.service';

/**
 * An uploaded Word or PDF report larger than this is refused with 413 (a seal or a signature
 * picture makes them larger than text); an .xlsx has its own, smaller ceiling (XLSX_MAX_BYTES).
 */
export const IMPORT_FILE_MAX_BYTES = 20 * 1024 * 1024;

@ApiTags('rounds')
@ApiBearerAuth()
@Controller('rounds')
export class ImportController {
  constructor(private readonly imports: ImportService) {}

  /**
   * text/plain (a published report or problem list), application/json (the structured tree, or
   * a corrected preview with its `origin`) or multipart/form-data with `file`: a report as .docx
   * or .pdf, or the XLSX template. 201 with the counts, or 200 on a dry run.
   */
  @Roles('office', 'inspection_office')
  @Post(':id/import')
  @UseInterceptors(
    FileInterceptor('file', {
      storage: memoryStorage(),
      limits: { fileSize: IMPORT_FILE_MAX_BYTES, files: 1 },
      // Browsers send the file name in UTF-8 ("整改进展情况的通报.docx").
      defParamCharset: 'utf8',
    }),
  )
  @ApiConsumes('text/plain', 'application/json', 'multipart/form-data')
  @ApiBody({
    type: ImportTreeDto,
    description:
      'the structured tree (JSON; a corrected preview carries its `origin`), a published text, ' +
      'a report as .docx or .pdf, or the filled-in XLSX template',
  })
  @ApiRequestContent({
    'text/plain': { schema: { type: 'string', description: 'a published report or problem list' } },
    'application/json': { schema: { $ref: getSchemaPath(ImportTreeDto) } },
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file'],
        properties: {
          file: {
            type: 'string',
            format: 'binary',
            description:
              'a report as .docx or .pdf (a PDF with a text layer: scans are refused), or the filled-in import template (.xlsx)',
          },
        },
      },
    },
  })
  @ApiRoute({
    summary: 'Imports the findings of a round (or parses them only, with `dryRun`)',
    answer: 'ImportAnswer',
    alsoStatus: [200],
    errors: {
      404: 'No round has this id',
      413: 'The body or an .xlsx is larger than 5 MB, a .docx or .pdf larger than 20 MB',
      503: 'Temporal or the database cannot be reached now: the import is rolled back',
    },
  })
  async import(
    @Param('id', uuidParam()) id: string,
    @Query() query: ImportQueryDto,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @UploadedFile() file: { buffer: Buffer; originalname?: string } | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportAnswer> {
    const dryRun = query.dryRun === true;
    const answer = await this.imports.import(
      id,
      importSource(contentType, body, file),
      dryRun,
      user,
    );
    if (dryRun) res.status(200);
    return answer;
  }
}

const ZIP = Buffer.from('PK\u0003\u0004', 'latin1');
const PDF = Buffer.from('%PDF-', 'latin1');

/** Formats an office may pick that cannot be read: say what to do instead. */
const UNSUPPORTED: Record<string, string> = {
  doc: '不支持旧版 Word 格式（.doc）：请在 Word 中另存为 .docx 后上传',
  wps: '不支持 WPS 文字格式（.wps）：请另存为 .docx 后上传',
  xls: '不支持旧版 Excel 格式（.xls）：请另存为 .xlsx 后上传',
};

/**
 * Which reader a file needs: by its name's extension, checked against its first bytes (a .docx
 * and an .xlsx are both zip archives; their readers tell them apart). A file without a known
 * extension is a PDF if it says so, else the XLSX template, as before Word and PDF came in.
 */
function fileSource(file: { buffer: Buffer; originalname?: string }): ImportSource {
  const filename = file.originalname?.trim() || null;
  const extension = /\.([a-z0-9]{1,5})$/i.exec(filename ?? '')?.[1]?.toLowerCase() ?? '';
  const refuse = (code: string, message: string) =>
    new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: [`file: ${message}`],
      errors: [{ field: 'file', code, message }],
    });
  if (UNSUPPORTED[extension]) throw refuse('unsupported_type', UNSUPPORTED[extension]);
  const isPdf = file.buffer.subarray(0, 5).equals(PDF);
  const isZip = file.buffer.subarray(0, 4).equals(ZIP);
  const kind =
    extension === 'docx' || extension === 'pdf' || extension === 'xlsx'
      ? extension
      : isPdf
        ? 'pdf'
        : 'xlsx';
  if (kind === 'pdf' && !isPdf) throw refuse('invalid_pdf', '文件不是有效的 PDF');
  if (kind === 'docx' && !isZip) throw refuse('invalid_docx', '文件不是有效的 Word 文档（.docx）');
  return { kind, file: file.buffer, filename };
}

function importSource(
  contentType: string | undefined,
  body: unknown,
  file: { buffer: Buffer; originalname?: string } | undefined,
): ImportSource {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'multipart/form-data') {
    if (!file)
      throw new BadRequestException([
        'file: attach the report (.docx, .pdf) or the filled-in import template (.xlsx) as `file`',
      ]);
    return fileSource(file);
  }
  if (type === 'text/plain') return { kind: 'text', text: typeof body === 'string' ? body : '' };
  if (type === 'application/json') return { kind: 'json', body };
  throw new BadRequestException([
    'content-type must be text/plain; charset=utf-8, application/json or multipart/form-data (file)',
  ]);
}
