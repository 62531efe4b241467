import type { CommentFileView } from '@rectiflow/contracts';
import { Controller, Get, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators';
import type { UploadedFile as StoredUpload } from '../evidence/evidence.service';
import { sendStoredFile } from '../http/stored-file';
import { uuidParam } from '../http/uuid-param';
import { ApiDownload, ApiRoute } from '../openapi/api-route.decorator';
import { CommentsService } from './comments.service';

/** Files carried by comments: uploaded first, then named in the comment's `fileIds`. */
@ApiTags('findings')
@ApiBearerAuth()
@Controller()
export class CommentFilesController {
  constructor(private readonly comments: CommentsService) {}

  @Post('findings/:id/comment-files')
  @ApiRoute({
    summary:
      'Uploads a file for a comment of the finding’s discussion (the evidence upload rules); a comment then names it in fileIds',
    answer: 'CommentFileView',
    errors: {
      403: 'The finding belongs to another department',
      404: 'No such finding (or one of a unit the caller does not see)',
      413: 'The file is larger than UPLOAD_MAX_BYTES',
    },
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
  upload(
    @Param('id', uuidParam()) id: string,
    @UploadedFile() file: StoredUpload | undefined,
    @CurrentUser() user: AuthUser,
  ): Promise<CommentFileView> {
    return this.comments.upload(id, file, user);
  }

  @Get('comment-files/:id')
  @ApiDownload({
    summary: 'The bytes of a comment’s file, with its content type and file name',
    files: ['application/octet-stream'],
    errors: {
      403: 'The caller may not see the finding the file belongs to',
      404: 'No comment file has this id',
    },
  })
  async download(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ) {
    const { row, bytes } = await this.comments.download(id, user);
    sendStoredFile(res, row, bytes);
  }
}
