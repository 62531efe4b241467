import type { AuditEventView, AuditVerification, Page } from '@rectiflow/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { PageQueryDto } from '../http/pagination.dto';
import { ApiRoute } from '../openapi/api-route.decorator';
import { AuditService } from './audit.service';

class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'only the events of this entity (finding, task, user…)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  entityId?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('office', 'committee', 'supervisor')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiRoute({ summary: 'The audit log, newest event first', answer: 'AuditEventPage' })
  list(@Query() query: AuditQueryDto): Promise<Page<AuditEventView>> {
    return this.audit.list(query.entityId, query.page, query.pageSize);
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
