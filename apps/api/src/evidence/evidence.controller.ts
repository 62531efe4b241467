import type { UploadedEvidence } from '@rectiflow/contracts';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { Response } from 'express';
import { EVIDENCE_KINDS, type EvidenceKind } from '@rectiflow/domain';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators';
import { EvidenceService, type UploadedFile as StoredUpload } from './evidence.service';
import { sendStoredFile } from '../http/stored-file';
import { uuidParam } from '../http/uuid-param';
import { ApiDownload, ApiNoContent, ApiRoute } from '../openapi/api-route.decorator';

class UploadEvidenceDto {
  @IsIn(EVIDENCE_KINDS) kind!: EvidenceKind;
  @IsOptional() @IsUUID() measureId?: string;
}

@ApiTags('evidence')
@ApiBearerAuth()
@Controller()
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Post('findings/:id/evidence')
  @ApiRoute({
    summary: 'Uploads an evidence file (佐证材料) to a finding',
    answer: 'UploadedEvidence',
    errors: {
      403: 'The caller may not see the finding, or may not upload to it',
      404: 'No finding has this id',
      413: 'The file is larger than UPLOAD_MAX_BYTES',
    },
  })
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: {
        file: { type: 'string', format: 'binary' },
        kind: { enum: [...EVIDENCE_KINDS] },
        measureId: { type: 'string' },
      },
    },
  })
  upload(
    @Param('id', uuidParam()) id: string,
    @UploadedFile() file: StoredUpload | undefined,
    @Body() body: UploadEvidenceDto,
    @CurrentUser() user: AuthUser,
  ): Promise<UploadedEvidence> {
    return this.evidence.upload(id, file, body.kind, body.measureId, user);
  }

  @Delete('evidence/:id')
  @HttpCode(204)
  @ApiNoContent({
    summary:
      'Withdraws (撤回) an evidence file before any submission cites it; the row is kept, marked',
    errors: {
      403: 'The caller may not see the finding, or did not upload the file (nor their department)',
      404: 'No evidence file has this id (or it was withdrawn already)',
      409: 'A submission already cited the file (code evidence_submitted)',
    },
  })
  withdraw(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.evidence.withdraw(id, user);
  }

  @Get('evidence/:id')
  @ApiDownload({
    summary: 'The bytes of an evidence file, with its content type and file name',
    files: ['application/octet-stream'],
    errors: {
      403: 'The caller may not see the finding the file belongs to',
      404: 'No evidence file has this id',
    },
  })
  async download(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ) {
    const { row, bytes } = await this.evidence.download(id, user);
    sendStoredFile(res, row, bytes);
  }
}
