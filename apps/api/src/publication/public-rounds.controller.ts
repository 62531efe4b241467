import type { PublicRoundView } from '@rectiflow/contracts';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ApiRoute } from '../openapi/api-route.decorator';
import { SlugPipe } from './slug.pipe';
import { PublicationService } from './publication.service';

/** 公开: what anyone may read without signing in. */
@ApiTags('publication')
@Controller('public')
export class PublicRoundsController {
  constructor(private readonly publication: PublicationService) {}

  @Public()
  @Get('rounds/:slug')
  @ApiRoute({
    summary:
      'A published report as the public page shows it (no sign-in): the frozen text, the window, whether it is open today, the contacts and how many findings were withheld',
    answer: 'PublicRoundView',
    errors: { 404: 'No publication has this address' },
  })
  round(@Param('slug', SlugPipe) slug: string): Promise<PublicRoundView> {
    return this.publication.publicRound(slug);
  }
}
