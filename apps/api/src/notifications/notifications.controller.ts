import type { NoticePage } from '@rectiflow/contracts';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators';
import { toBoolean } from '../findings/dto/finding-query.dto';
import { PageQueryDto } from '../http/pagination.dto';
import { NotificationsService } from './notifications.service';

class NotificationQueryDto extends PageQueryDto {
  @IsOptional() @Transform(toBoolean) @IsBoolean() unread?: boolean;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  list(@Query() q: NotificationQueryDto, @CurrentUser() user: AuthUser): Promise<NoticePage> {
    return this.notifications.list(user.userId, q.page, q.pageSize, q.unread === true);
  }

  @Post(':id/read')
  @HttpCode(200)
  read(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.notifications.markRead(user.userId, id.slice(0, 100));
  }
}
