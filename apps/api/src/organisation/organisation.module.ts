import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { DepartmentsService } from './departments.service';
import { OrganisationController } from './organisation.controller';
import { UsersService } from './users.service';

@Module({
  imports: [AuditModule, AuthModule],
  controllers: [OrganisationController],
  providers: [DepartmentsService, UsersService],
  exports: [DepartmentsService, UsersService],
})
export class OrganisationModule {}
