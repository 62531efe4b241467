import type { FindingDetail, PublicationList, PublicationView } from '@rectiflow/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { uuidParam } from '../http/uuid-param';
import { ApiRoute } from '../openapi/api-route.decorator';
import { DisclosureDto, PublishRoundDto } from './dto/publication.dto';
import { PublicationService } from './publication.service';

/** 公开 (API.md "Publication and public comments"): the office's side. */
@ApiTags('publication')
@ApiBearerAuth()
@Controller()
export class PublicationController {
  constructor(private readonly publication: PublicationService) {}

  @Roles('office')
  @Post('rounds/:id/publish')
  @HttpCode(201)
  @ApiRoute({
    summary:
      '公开: publishes the public version of the progress report (向社会通报) as of now for a window (default: the imported 公开期限); the text is frozen with its SHA-256, re-publishing keeps the slug and serves the newest',
    answer: 'PublicationView',
    errors: {
      403: 'Only the office publishes',
      404: 'No round has this id (or it is of another unit)',
      409: 'The round was being published at the same moment: try again',
    },
  })
  publish(
    @Param('id', uuidParam()) id: string,
    @Body() body: PublishRoundDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PublicationView> {
    return this.publication.publish(id, body, user);
  }

  @Roles('office', 'committee', 'leader', 'supervisor', 'inspector', 'inspection_office')
  @Get('rounds/:id/publications')
  @ApiRoute({
    summary: "The round's publications, newest first (the newest is the one served publicly)",
    answer: 'PublicationList',
    errors: { 404: 'No round has this id' },
  })
  list(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<PublicationList> {
    return this.publication.list(id, user);
  }

  @Roles('office')
  @Put('findings/:id/disclosure')
  @ApiRoute({
    summary:
      '不予公开: withholds a finding from the public version with a recognised reason (or tells it again); in its history',
    answer: 'FindingDetail',
    errors: {
      403: 'Only the office decides what is published',
      404: 'No finding has this id (or it belongs to another unit)',
    },
  })
  disclosure(
    @Param('id', uuidParam()) id: string,
    @Body() body: DisclosureDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FindingDetail> {
    return this.publication.setDisclosure(id, body, user);
  }
}
