import type { DepartmentView, Page, UserView } from '@rectiflow/contracts';
import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { PageQueryDto } from '../http/pagination.dto';
import { CreateDepartmentDto } from './dto/create-department.dto';
import { CreateUserDto } from './dto/create-user.dto';
import { ApiRoute } from '../openapi/api-route.decorator';
import { OrganisationService } from './organisation.service';

@ApiTags('organisation')
@ApiBearerAuth()
@Controller()
export class OrganisationController {
  constructor(private readonly organisation: OrganisationService) {}

  @Get('departments')
  @ApiRoute({ summary: 'Departments, by code', answer: 'DepartmentPage' })
  departments(@Query() q: PageQueryDto): Promise<Page<DepartmentView>> {
    return this.organisation.departments(q.page, q.pageSize);
  }

  @Roles('office')
  @Post('departments')
  @ApiRoute({
    summary: 'Adds a department',
    answer: 'DepartmentView',
    errors: { 409: 'A department already has this code' },
  })
  createDepartment(
    @Body() body: CreateDepartmentDto,
    @CurrentUser() user: AuthUser,
  ): Promise<DepartmentView> {
    return this.organisation.createDepartment(body, user.userId);
  }

  @Get('users')
  @ApiRoute({ summary: 'Users, by username', answer: 'UserPage' })
  users(@Query() q: PageQueryDto): Promise<Page<UserView>> {
    return this.organisation.users(q.page, q.pageSize);
  }

  @Roles('office')
  @Post('users')
  @ApiRoute({
    summary: 'Adds a user',
    answer: 'UserView',
    errors: { 409: 'A user already has this username' },
  })
  createUser(@Body() body: CreateUserDto, @CurrentUser() user: AuthUser): Promise<UserView> {
    return this.organisation.createUser(body, user.userId);
  }
}
