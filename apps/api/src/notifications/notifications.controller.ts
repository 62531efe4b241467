import type { NoticePage, NoticeReadAllAnswer, NoticeReadAnswer } from '@rectiflow/contracts';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators';
import { toBoolean } from '../findings/dto/finding-query.dto';
import { PageQueryDto } from '../http/pagination.dto';
import { ApiRoute } from '../openapi/api-route.decorator';
import { NotificationsService } from './notifications.service';

class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'only the unread ones' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  unread?: boolean;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiRoute({ summary: 'The caller’s notices, newest first', answer: 'NoticePage' })
  list(@Query() q: NotificationQueryDto, @CurrentUser() user: AuthUser): Promise<NoticePage> {
    return this.notifications.list(user.userId, q.page, q.pageSize, q.unread === true);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Marks every unread notice of the caller read',
    answer: 'NoticeReadAllAnswer',
  })
  readAll(@CurrentUser() user: AuthUser): Promise<NoticeReadAllAnswer> {
    return this.notifications.markAllRead(user);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Marks one of the caller’s notices read',
    answer: 'NoticeReadAnswer',
    errors: { 404: 'The caller has no notice with this id' },
  })
  read(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<NoticeReadAnswer> {
    return this.notifications.markRead(user.userId, id.slice(0, 100));
  }
}
