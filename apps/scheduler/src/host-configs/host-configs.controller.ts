import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { ManagementApi } from '../api/management-api.decorator';
import { apiValidationPipe } from '../http/api-validation.pipe';
import { ApiUser } from '../http/request-user';
import { CreateHostConfigDto } from './create-host-config.dto';
import { HostConfigActionsService } from './host-config-actions.service';
import { HostConfigQueryService } from './host-config-query.service';
import { HostConfigDetail, HostConfigPage, HostJobStarted } from './host-config.views';
import { ListHostConfigsQuery } from './list-host-configs.query';

/**
 * Host configs: the Zabbix host each NetBox device or VM should be, where it stands with Zabbix, and the
 * manual create, update and delete of one host, each through a job (`202 {jobId, hostConfig}`).
 */
@ManagementApi('host configs')
@Controller('api/host-configs')
export class HostConfigsController {
  constructor(
    private readonly query: HostConfigQueryService,
    private readonly actions: HostConfigActionsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: HostConfigPage })
  list(@Query(apiValidationPipe()) query: ListHostConfigsQuery): Promise<HostConfigPage> {
    return this.query.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'one host config, with its stored difference from Zabbix (syncDifference)' })
  @ApiOkResponse({ type: HostConfigDetail })
  @ApiNotFoundResponse()
  get(@Param('id', ParseIntPipe) id: number): Promise<HostConfigDetail> {
    return this.query.get(id);
  }

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'bring a NetBox device or VM into Zabbix now (read from NetBox; needs NETBOX_URL)',
  })
  @ApiAcceptedResponse({ type: HostJobStarted })
  @ApiBadRequestResponse({
    description: '`fields` names each bad field (objectId: NetBox has no such object)',
  })
  @ApiConflictResponse({ description: 'no NETBOX_URL, or the object is not monitored (the reason is given)' })
  create(
    @Body(apiValidationPipe()) body: CreateHostConfigDto,
    @ApiUser() user: string | null,
  ): Promise<HostJobStarted> {
    return this.actions.create(body.objectType, body.objectId, user);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'remove the host from Zabbix (archive or delete per delete_setting), then the host config',
  })
  @ApiAcceptedResponse({ type: HostJobStarted })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'a job of this host is in flight' })
  delete(@Param('id', ParseIntPipe) id: number, @ApiUser() user: string | null): Promise<HostJobStarted> {
    return this.actions.act(id, 'delete', user);
  }

  @Post(':id/create')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'CreateZabbixHost for a host config not in Zabbix yet' })
  @ApiAcceptedResponse({ type: HostJobStarted })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'in Zabbix already, or being removed' })
  createInZabbix(
    @Param('id', ParseIntPipe) id: number,
    @ApiUser() user: string | null,
  ): Promise<HostJobStarted> {
    return this.actions.act(id, 'create', user);
  }

  @Post(':id/update')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'UpdateZabbixHost: re-read NetBox and write the host (mends drift)' })
  @ApiAcceptedResponse({ type: HostJobStarted })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'not in Zabbix yet, or being removed' })
  updateInZabbix(
    @Param('id', ParseIntPipe) id: number,
    @ApiUser() user: string | null,
  ): Promise<HostJobStarted> {
    return this.actions.act(id, 'update', user);
  }

  @Post(':id/delete')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'DeleteZabbixHost: the same as DELETE /api/host-configs/:id' })
  @ApiAcceptedResponse({ type: HostJobStarted })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'a job of this host is in flight' })
  deleteInZabbix(
    @Param('id', ParseIntPipe) id: number,
    @ApiUser() user: string | null,
  ): Promise<HostJobStarted> {
    return this.actions.act(id, 'delete', user);
  }
}
