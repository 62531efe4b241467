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

/** An uploaded XLSX larger than this is refused with 413 (the text body's limit is the same). */
export const IMPORT_FILE_MAX_BYTES = 5 * 1024 * 1024;

@ApiTags('rounds')
@ApiBearerAuth()
@Controller('rounds')
export class ImportController {
  constructor(private readonly imports: ImportService) {}

  /**
   * text/plain (a published report or problem list), application/json (the structured tree) or
   * multipart/form-data with `file` (the XLSX template). 201 with the counts, or 200 on a dry run.
   */
  @Roles('office', 'inspection_office')
  @Post(':id/import')
  @UseInterceptors(
    FileInterceptor('file', {
      storage: memoryStorage(),
      limits: { fileSize: IMPORT_FILE_MAX_BYTES, files: 1 },
    }),
  )
  @ApiConsumes('text/plain', 'application/json', 'multipart/form-data')
  @ApiBody({
    type: ImportTreeDto,
    description: 'the structured tree (JSON), a published text, or the filled-in XLSX template',
  })
  @ApiRequestContent({
    'text/plain': { schema: { type: 'string', description: 'a published report or problem list' } },
    'application/json': { schema: { $ref: getSchemaPath(ImportTreeDto) } },
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file'],
        properties: {
          file: { type: 'string', format: 'binary', description: 'the filled-in import template' },
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
      413: 'The body or file is larger than 5 MB',
      503: 'Temporal or the database cannot be reached now: the import is rolled back',
    },
  })
  async import(
    @Param('id', uuidParam()) id: string,
    @Query() query: ImportQueryDto,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @UploadedFile() file: { buffer: Buffer } | undefined,
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

function importSource(
  contentType: string | undefined,
  body: unknown,
  file: { buffer: Buffer } | undefined,
): ImportSource {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'multipart/form-data') {
    if (!file)
      throw new BadRequestException([
        'file: attach the filled-in import template (.xlsx) as `file`',
      ]);
    return { kind: 'xlsx', file: file.buffer };
  }
  if (type === 'text/plain') return { kind: 'text', text: typeof body === 'string' ? body : '' };
  if (type === 'application/json') return { kind: 'json', body };
  throw new BadRequestException([
    'content-type must be text/plain; charset=utf-8, application/json or multipart/form-data (file)',
  ]);
}
