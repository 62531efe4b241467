import type { AuditEventView, AuditVerification, Page } from '@rectiflow/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { PageQueryDto } from '../http/pagination.dto';
import { AuditService } from './audit.service';

class AuditQueryDto extends PageQueryDto {
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
  list(@Query() query: AuditQueryDto): Promise<Page<AuditEventView>> {
    return this.audit.list(query.entityId, query.page, query.pageSize);
  }

  @Get('verify')
  verify(): Promise<AuditVerification> {
    return this.audit.verify();
  }
}
