import type { AuditEventView, AuditVerification, Page } from '@rectiflow/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { UnitPageQueryDto } from '../http/pagination.dto';
import { ApiRoute } from '../openapi/api-route.decorator';
import { AuditService } from './audit.service';

class AuditQueryDto extends UnitPageQueryDto {
  @ApiPropertyOptional({ description: 'only the events of this entity (finding, task, user…)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  entityId?: string;

  @ApiPropertyOptional({ description: 'only the events of this actor (a user id)' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({
    description: 'only the actions starting with this (`user.` for user.created, user.updated…)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  action?: string;

  @ApiPropertyOptional({
    description:
      'only events at or after this time (ISO-8601), or this day (YYYY-MM-DD, from its start in ORG_TIMEZONE)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    description:
      'only events at or before this time (ISO-8601), or this day (YYYY-MM-DD, to its end in ORG_TIMEZONE)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('office', 'committee', 'supervisor', 'inspection_office')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiRoute({ summary: 'The audit log, newest event first', answer: 'AuditEventPage' })
  list(
    @Query() query: AuditQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<Page<AuditEventView>> {
    return this.audit.list(
      user,
      {
        entityId: query.entityId,
        actorId: query.actorId,
        action: query.action,
        from: query.from,
        to: query.to,
      },
      query.page,
      query.pageSize,
      query.unitId,
    );
  }

  @Get('verify')
  @ApiRoute({
    summary: 'Whether every event still chains to the one before (SHA-256)',
    answer: 'AuditVerification',
  })
  verify(): Promise<AuditVerification> {
    return this.audit.verify();
  }
}
