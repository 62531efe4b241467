import type { PublicSettings } from '@rectiflow/contracts';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '@rectiflow/config';
import { Public } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import { ApiRoute } from '../openapi/api-route.decorator';

/** What the web app must know of this deployment before anyone signs in. */
@ApiTags('public')
@Controller('public')
export class SettingsController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get('settings')
  @ApiRoute({
    summary: 'The organisation’s time zone and the password policy’s minimum length',
    answer: 'PublicSettings',
  })
  settings(): PublicSettings {
    return {
      orgTimeZone: this.config.env.ORG_TIMEZONE,
      passwordMinLength: this.config.passwordPolicy.minLength,
    };
  }
}
