import type { AuditEventView, AuditVerification, Page } from '@rectiflow/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { UnitPageQueryDto } from '../http/pagination.dto';
import { AuditService } from './audit.service';

class AuditQueryDto extends UnitPageQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  entityId?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('office', 'committee', 'supervisor', 'inspection_office')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  list(
    @Query() query: AuditQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<Page<AuditEventView>> {
    return this.audit.list(user, query.entityId, query.page, query.pageSize, query.unitId);
  }

  @Get('verify')
  verify(): Promise<AuditVerification> {
    return this.audit.verify();
  }
}
