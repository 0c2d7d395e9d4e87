import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
} from '@nestjs/swagger';
import { ManagementApi } from '../api/management-api.decorator';
import {
  MaintenanceService,
  type MaintenanceAccepted,
  type MaintenancePage,
} from '../maintenance/maintenance.service';
import { type MaintenanceView } from '../maintenance/maintenance-view';
import { apiValidationPipe } from './api-validation.pipe';
import { CreateMaintenanceDto } from './create-maintenance.dto';
import { MaintenanceAcceptedSchema, MaintenancePageSchema, MaintenanceViewSchema } from './maintenance.views';
import { PageQuery } from './page.query';
import { ApiUser } from './request-user';
import { UpdateMaintenanceDto } from './update-maintenance.dto';

/**
 * Maintenance windows. A create, update or delete is written to Zabbix by a job: `202 {maintenance, jobId}`.
 * `409` while the maintenance's previous job is pending or running.
 */
@ManagementApi('maintenances')
@Controller('api/maintenances')
export class MaintenancesController {
  constructor(private readonly maintenances: MaintenanceService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: MaintenanceAcceptedSchema })
  @ApiBadRequestResponse({ description: '`fields` names each bad field' })
  create(
    @Body(apiValidationPipe()) body: CreateMaintenanceDto,
    @ApiUser() user: string | null,
  ): Promise<MaintenanceAccepted> {
    return this.maintenances.create(body, user);
  }

  @Get()
  @ApiOkResponse({ type: MaintenancePageSchema })
  list(@Query(apiValidationPipe()) query: PageQuery): Promise<MaintenancePage> {
    return this.maintenances.list(query.limit, query.offset);
  }

  @Get(':id')
  @ApiOkResponse({ type: MaintenanceViewSchema })
  @ApiNotFoundResponse()
  get(@Param('id', ParseIntPipe) id: number): Promise<MaintenanceView> {
    return this.maintenances.get(id);
  }

  @Patch(':id')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: MaintenanceAcceptedSchema })
  @ApiBadRequestResponse({ description: '`fields` names each bad field' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'its last job is in flight' })
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body(apiValidationPipe()) body: UpdateMaintenanceDto,
    @ApiUser() user: string | null,
  ): Promise<MaintenanceAccepted> {
    return this.maintenances.update(id, body, user);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: MaintenanceAcceptedSchema })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'its last job is in flight' })
  delete(
    @Param('id', ParseIntPipe) id: number,
    @ApiUser() user: string | null,
  ): Promise<MaintenanceAccepted> {
    return this.maintenances.delete(id, user);
  }
}
