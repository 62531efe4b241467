import type { Page, UnitView } from '@rectiflow/contracts';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { PageQueryDto } from '../http/pagination.dto';
import { uuidParam } from '../http/uuid-param';
import { CreateUnitDto, UpdateUnitDto } from './dto/unit.dto';
import { ApiRoute } from '../openapi/api-route.decorator';
import { UnitsService } from './units.service';

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  /** The units the caller sees: their own, or those the inspecting side follows. */
  @Get()
  @ApiRoute({ summary: 'The units the caller sees, by code', answer: 'UnitPage' })
  list(@Query() q: PageQueryDto, @CurrentUser() user: AuthUser): Promise<Page<UnitView>> {
    return this.units.list(user, q.page, q.pageSize);
  }

  @Get(':id')
  @ApiRoute({ summary: 'One unit', answer: 'UnitView', errors: { 404: 'No unit the caller sees' } })
  get(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser): Promise<UnitView> {
    return this.units.get(id, user);
  }

  @Roles('inspection_office')
  @Post()
  @ApiRoute({
    summary: 'Adds a unit (被巡察单位)',
    answer: 'UnitView',
    errors: { 409: 'A unit already has this code' },
  })
  create(@Body() body: CreateUnitDto, @CurrentUser() user: AuthUser): Promise<UnitView> {
    return this.units.create(body, user);
  }

  /** Name, active flag and where the unit differs from the defaults (durations, level 3, e-mail). */
  @Roles('inspection_office')
  @Patch(':id')
  @ApiRoute({
    summary: 'Renames, (de)activates or configures a unit',
    answer: 'UnitView',
    errors: { 404: 'No unit the caller sees' },
  })
  update(
    @Param('id', uuidParam()) id: string,
    @Body() body: UpdateUnitDto,
    @CurrentUser() user: AuthUser,
  ): Promise<UnitView> {
    return this.units.update(id, body, user);
  }
}
