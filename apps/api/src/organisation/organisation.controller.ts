import type { DepartmentView, Page, UserView } from '@rectiflow/contracts';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { UnitPageQueryDto } from '../http/pagination.dto';
import { CreateDepartmentDto } from './dto/create-department.dto';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { uuidParam } from '../http/uuid-param';
import { ApiRoute } from '../openapi/api-route.decorator';
import { OrganisationService } from './organisation.service';

@ApiTags('organisation')
@ApiBearerAuth()
@Controller()
export class OrganisationController {
  constructor(private readonly organisation: OrganisationService) {}

  @Get('departments')
  @ApiRoute({ summary: 'Departments, by code', answer: 'DepartmentPage' })
  departments(
    @Query() q: UnitPageQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<Page<DepartmentView>> {
    return this.organisation.departments(user, q.page, q.pageSize, q.unitId);
  }

  @Roles('office', 'inspection_office')
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
    return this.organisation.createDepartment(body, user);
  }

  @Get('users')
  @ApiRoute({ summary: 'Users, by username', answer: 'UserPage' })
  users(@Query() q: UnitPageQueryDto, @CurrentUser() user: AuthUser): Promise<Page<UserView>> {
    return this.organisation.users(user, q.page, q.pageSize, q.unitId);
  }

  @Roles('office', 'inspection_office')
  @Post('users')
  @ApiRoute({
    summary: 'Adds a user',
    answer: 'UserView',
    errors: { 409: 'A user already has this username' },
  })
  createUser(@Body() body: CreateUserDto, @CurrentUser() user: AuthUser): Promise<UserView> {
    return this.organisation.createUser(body, user);
  }

  @Roles('office', 'inspection_office')
  @Patch('users/:id')
  @ApiRoute({
    summary:
      'Changes a user’s name, roles, department or active flag; a change of roles, department or active flag revokes their tokens',
    answer: 'UserView',
    errors: { 404: 'No such user (or one of a unit the caller does not manage)' },
  })
  updateUser(
    @Param('id', uuidParam()) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() user: AuthUser,
  ): Promise<UserView> {
    return this.organisation.updateUser(id, body, user);
  }
}
