import type { LoginAnswer, UserView } from '@rectiflow/contracts';
import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { CurrentUser, Public, type AuthUser } from './auth.decorators';
import { ApiRoute } from '../openapi/api-route.decorator';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/login')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Signs in: a bearer token and the user',
    answer: 'LoginAnswer',
    errors: {
      401: 'Wrong username or password',
      429: 'Too many sign-in attempts from this address: wait and retry',
      503: 'The database cannot be reached now: retry later',
    },
  })
  login(@Body() body: LoginDto): Promise<LoginAnswer> {
    return this.auth.login(body.username, body.password);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiRoute({ summary: 'The signed-in user', answer: 'UserView' })
  me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return this.auth.me(user.userId);
  }
}
