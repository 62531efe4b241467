import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { Response } from 'express';
import { EVIDENCE_KINDS, type EvidenceKind } from '@rectiflow/domain';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators';
import { EvidenceService, type UploadedFile as StoredUpload } from './evidence.service';

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
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: { file: { type: 'string', format: 'binary' }, kind: { enum: [...EVIDENCE_KINDS] }, measureId: { type: 'string' } },
    },
  })
  upload(
    @Param('id', new ParseUUIDPipe()) id: string,
    @UploadedFile() file: StoredUpload | undefined,
    @Body() body: UploadEvidenceDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.evidence.upload(id, file, body.kind, body.measureId, user);
  }

  @Get('evidence/:id')
  async download(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const { row, bytes } = await this.evidence.download(id, user);
    res.setHeader('Content-Type', row.mimeType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.attachment(row.filename);
    res.send(bytes);
  }
}
