import type {
  PublicCommentReceipt,
  PublicCommentStatusView,
  PublicCommentView,
  PublicFindingList,
} from '@rectiflow/contracts';
import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { CurrentUser, Public, Roles, type AuthUser } from '../auth/auth.decorators';
import { uuidParam } from '../http/uuid-param';
import { ApiRoute } from '../openapi/api-route.decorator';
import { SubmitPublicCommentDto } from './dto/public-comment.dto';
import { PublicCommentsService } from './public-comments.service';

/**
 * The public's side: no sign-in. The throttlers are configured in AuthModule (one
 * ThrottlerModule for the app): `comment` per client address and `comment_all` for everyone
 * together on the submission, `receipt` per address on the look-up. Behind a reverse proxy,
 * TRUST_PROXY makes the address the client's own rather than the proxy's.
 */
@ApiTags('public')
@Controller('public')
@UseGuards(ThrottlerGuard)
export class PublicCommentsController {
  constructor(private readonly comments: PublicCommentsService) {}

  @Public()
  @SkipThrottle({ login: true, receipt: true })
  @Post('rounds/:slug/comments')
  @ApiRoute({
    summary:
      'Leaves a comment (意见建议) on a published round while its window is open; answers the receipt code',
    answer: 'PublicCommentReceipt',
    errors: {
      404: 'Nothing is published under this slug',
      409: 'The publication window is not open (`code: "publication_closed"`)',
      429: 'Too many comments from this address, or from everyone: wait `Retry-After` seconds',
    },
  })
  submit(
    @Param('slug') slug: string,
    @Body() body: SubmitPublicCommentDto,
  ): Promise<PublicCommentReceipt> {
    return this.comments.submit(slug.slice(0, 100), body);
  }

  @Public()
  @SkipThrottle({ login: true, comment: true, comment_all: true })
  @Get('rounds/:slug/findings')
  @ApiRoute({
    summary:
      'The findings the published report tells (number and title), for choosing the one a comment concerns',
    answer: 'PublicFindingList',
    errors: {
      404: 'Nothing is published under this slug',
      429: 'Too many requests from this address: wait `Retry-After` seconds',
    },
  })
  findings(@Param('slug') slug: string): Promise<PublicFindingList> {
    return this.comments.publishedFindings(slug.slice(0, 100));
  }

  @Public()
  @SkipThrottle({ login: true, comment: true, comment_all: true })
  @Get('comments/:receiptCode')
  @ApiRoute({
    summary: 'The status of a comment and the office’s reply, by its receipt code',
    answer: 'PublicCommentStatusView',
    errors: {
      404: 'No comment has this receipt code',
      429: 'Too many look-ups from this address: wait `Retry-After` seconds',
    },
  })
  status(@Param('receiptCode') receiptCode: string): Promise<PublicCommentStatusView> {
    return this.comments.status(receiptCode.slice(0, 40));
  }
}

/** The office's side: the comment behind a `public_comment` task, contact included. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('public-comments')
export class OfficePublicCommentsController {
  constructor(private readonly comments: PublicCommentsService) {}

  @Roles('office')
  @Get(':id')
  @ApiRoute({
    summary: 'A public comment (its task’s id) with the contact, for the office of its unit',
    answer: 'PublicCommentView',
    errors: { 404: 'No such comment (or one of a unit the caller does not see)' },
  })
  detail(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<PublicCommentView> {
    return this.comments.detail(id, user);
  }
}
