import type {
  DepartmentView,
  Page,
  UserView,
  UserWithPassword,
  TemporaryPasswordAnswer,
} from '@rectiflow/contracts';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { CreateDepartmentDto } from './dto/create-department.dto';
import { CreateUserDto } from './dto/create-user.dto';
import { DepartmentQueryDto, UserQueryDto } from './dto/organisation-queries.dto';
import { OverseesDto } from './dto/oversees.dto';
import { UpdateDepartmentDto } from './dto/update-department.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { uuidParam } from '../http/uuid-param';
import { ApiRoute } from '../openapi/api-route.decorator';
import { DepartmentsService } from './departments.service';
import { UsersService } from './users.service';

const NO_USER = { 404: 'No such user (or one of a unit the caller does not manage)' };

@ApiTags('organisation')
@ApiBearerAuth()
@Controller()
export class OrganisationController {
  constructor(
    private readonly departmentsService: DepartmentsService,
    private readonly usersService: UsersService,
  ) {}

  @Get('departments')
  @ApiRoute({ summary: 'Departments, by code; searched by code or name', answer: 'DepartmentPage' })
  departments(
    @Query() q: DepartmentQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<Page<DepartmentView>> {
    return this.departmentsService.list(user, q);
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
    return this.departmentsService.create(body, user);
  }

  @Roles('office', 'inspection_office')
  @Patch('departments/:id')
  @ApiRoute({
    summary: 'Renames, recodes, deactivates or reactivates a department',
    answer: 'DepartmentView',
    errors: {
      404: 'No such department (or one of a unit the caller does not manage)',
      409: 'Another department has this code, or it still leads open findings (`code: "department_has_open_findings"`, `openFindings`)',
    },
  })
  updateDepartment(
    @Param('id', uuidParam()) id: string,
    @Body() body: UpdateDepartmentDto,
    @CurrentUser() user: AuthUser,
  ): Promise<DepartmentView> {
    return this.departmentsService.update(id, body, user);
  }

  @Get('departments/:id/overseers')
  @ApiRoute({
    summary: 'The active leaders who oversee (分管) the department: whom the assign form proposes',
    answer: 'UserList',
    errors: { 404: 'No such department (or one of a unit the caller does not see)' },
  })
  overseers(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<{ items: UserView[] }> {
    return this.departmentsService.overseers(id, user);
  }

  @Get('users')
  @ApiRoute({
    summary: 'Users, by username; searched by username or name, filtered by role or department',
    answer: 'UserPage',
  })
  users(@Query() q: UserQueryDto, @CurrentUser() user: AuthUser): Promise<Page<UserView>> {
    return this.usersService.list(user, q);
  }

  @Get('users/:id')
  @ApiRoute({
    summary: 'A user, with the departments they oversee',
    answer: 'UserView',
    errors: NO_USER,
  })
  user(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<UserView> {
    return this.usersService.get(id, user);
  }

  @Roles('office', 'inspection_office')
  @Post('users')
  @ApiRoute({
    summary:
      'Adds a user; without a password the answer carries a temporary one (shown once), to be changed at first sign-in',
    answer: 'UserWithPassword',
    errors: { 409: 'A user already has this username' },
  })
  createUser(
    @Body() body: CreateUserDto,
    @CurrentUser() user: AuthUser,
  ): Promise<UserWithPassword> {
    return this.usersService.create(body, user);
  }

  @Roles('office', 'inspection_office')
  @Patch('users/:id')
  @ApiRoute({
    summary:
      'Changes a user’s name, roles, department, active flag or way of signing in; all but the name revoke their tokens',
    answer: 'UserView',
    errors: NO_USER,
  })
  updateUser(
    @Param('id', uuidParam()) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() user: AuthUser,
  ): Promise<UserView> {
    return this.usersService.update(id, body, user);
  }

  @Roles('office', 'inspection_office')
  @Post('users/:id/reset-password')
  @HttpCode(200)
  @ApiRoute({
    summary:
      'Gives the user a new temporary password (shown once), to be changed at the next sign-in; their tokens stop',
    answer: 'TemporaryPasswordAnswer',
    errors: NO_USER,
  })
  resetPassword(
    @Param('id', uuidParam()) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<TemporaryPasswordAnswer> {
    return this.usersService.resetPassword(id, user);
  }

  @Roles('office', 'inspection_office')
  @Post('users/:id/unlock')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Ends a lockout after too many failed sign-ins',
    answer: 'UserView',
    errors: NO_USER,
  })
  unlock(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<UserView> {
    return this.usersService.unlock(id, user);
  }

  @Roles('office', 'inspection_office')
  @Put('users/:id/oversees')
  @ApiRoute({
    summary: 'Sets the departments a leader oversees (分管), the whole list at once',
    answer: 'UserView',
    errors: NO_USER,
  })
  setOversees(
    @Param('id', uuidParam()) id: string,
    @Body() body: OverseesDto,
    @CurrentUser() user: AuthUser,
  ): Promise<UserView> {
    return this.usersService.setOversees(id, body.departmentIds, user);
  }
}
