import type { LoginAnswer, UserView } from '@rectiflow/contracts';
import { Body, Controller, Get, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { Response } from 'express';
import { CurrentUser, Public, WhilePasswordTemporary, type AuthUser } from './auth.decorators';
import { ApiNoContent, ApiRoute } from '../openapi/api-route.decorator';
import { AccountLockedException, AuthService } from './auth.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @SkipThrottle({ comment: true, comment_all: true, receipt: true })
  @Post('auth/login')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Signs in: a bearer token and the user',
    answer: 'LoginAnswer',
    errors: {
      401: 'Wrong username or password',
      429: 'Too many sign-in attempts from this address, or this account is locked after too many failed ones (`code: "account_locked"`): wait `Retry-After` seconds',
      503: 'The database cannot be reached now, or (`code: "directory_unavailable"`) the directory a directory user signs in with: retry later',
    },
  })
  async login(
    @Body() body: LoginDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginAnswer> {
    try {
      return await this.auth.login(body.username, body.password);
    } catch (e) {
      if (e instanceof AccountLockedException)
        res.setHeader('Retry-After', String(e.retryAfterSeconds));
      throw e;
    }
  }

  @ApiBearerAuth()
  @WhilePasswordTemporary()
  @Get('me')
  @ApiRoute({ summary: 'The signed-in user', answer: 'UserView' })
  me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return this.auth.me(user.userId);
  }

  @ApiBearerAuth()
  @WhilePasswordTemporary()
  @Post('me/password')
  @HttpCode(204)
  @ApiNoContent({
    summary:
      'Changes the signed-in user’s password (the only step open while they hold a temporary one); their earlier tokens stop working',
  })
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.auth.changePassword(user, body.currentPassword, body.newPassword);
  }
}
