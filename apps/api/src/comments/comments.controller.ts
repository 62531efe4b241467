import type { CommentPage, CommentView } from '@rectiflow/contracts';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators';
import { PageQueryDto } from '../http/pagination.dto';
import { uuidParam } from '../http/uuid-param';
import { ApiRoute } from '../openapi/api-route.decorator';
import { CommentsService } from './comments.service';
import { CreateCommentDto } from './dto/create-comment.dto';

const NO_FINDING = {
  403: 'The finding belongs to another department',
  404: 'No such finding (or one of a unit the caller does not see)',
};

@ApiTags('findings')
@ApiBearerAuth()
@Controller('findings/:id/comments')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get()
  @ApiRoute({
    summary: 'The finding’s discussion, oldest first',
    answer: 'CommentPage',
    errors: NO_FINDING,
  })
  list(
    @Param('id', uuidParam()) id: string,
    @Query() q: PageQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CommentPage> {
    return this.comments.list(id, user, q.page, q.pageSize);
  }

  @Post()
  @ApiRoute({
    summary: 'Adds a comment to the finding’s discussion; each person it @mentions gets a notice',
    answer: 'CommentView',
    errors: NO_FINDING,
  })
  add(
    @Param('id', uuidParam()) id: string,
    @Body() body: CreateCommentDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CommentView> {
    return this.comments.add(id, body, user);
  }
}
