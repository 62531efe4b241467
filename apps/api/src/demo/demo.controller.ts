import type { DemoUsersAnswer } from '@rectiflow/contracts';
import { Controller, Get, Inject, NotFoundException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '@rectiflow/config';
import { Public } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import { DEMO_PASSWORD, DEMO_USERS } from '../database/demo-organisation';
import { ApiRoute } from '../openapi/api-route.decorator';

@ApiTags('public')
@Controller('public')
export class DemoController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * The demo users for the login page, only where the demo organisation is seeded (the
   * embedded default); elsewhere 404, so a real installation never advertises accounts.
   */
  @Public()
  @Get('demo-users')
  @ApiRoute({
    summary: 'The demo accounts for the sign-in page',
    answer: 'DemoUsersAnswer',
    errors: { 404: 'The demo organisation is not seeded here (production)' },
  })
  demoUsers(): DemoUsersAnswer {
    if (!this.config.seedDemo) throw new NotFoundException('there are no demo users here');
    return {
      password: DEMO_PASSWORD,
      users: DEMO_USERS.map((u) => ({
        username: u.username,
        displayName: u.displayName,
        roles: u.roles,
        departmentCode: u.department ?? null,
      })),
    };
  }
}
