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
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
} from '@nestjs/swagger';
import { ManagementApi } from '../api/management-api.decorator';
import { apiValidationPipe } from '../http/api-validation.pipe';
import { PageQuery } from '../http/page.query';
import { CreateHostMappingDto } from './create-host-mapping.dto';
import { HostMappingService } from './host-mapping.service';
import { HostMappingChanged, HostMappingPage, HostMappingView } from './mapping.views';
import { UpdateHostMappingDto } from './update-host-mapping.dto';

/**
 * What NetBox devices become in Zabbix: host groups, templates, proxy, interface type, by site, role and
 * platform. A change re-plans the hosts it affects (`replanJobId`).
 */
@ManagementApi('device mappings')
@Controller('api/device-mappings')
export class DeviceMappingsController {
  constructor(private readonly mappings: HostMappingService) {}

  @Get()
  @ApiOkResponse({ type: HostMappingPage })
  list(@Query(apiValidationPipe()) query: PageQuery): Promise<HostMappingPage> {
    return this.mappings.list('device', query.limit, query.offset);
  }

  @Get(':id')
  @ApiOkResponse({ type: HostMappingView })
  @ApiNotFoundResponse()
  get(@Param('id', ParseIntPipe) id: number): Promise<HostMappingView> {
    return this.mappings.get('device', id);
  }

  @Post()
  @ApiCreatedResponse({ type: HostMappingChanged })
  @ApiBadRequestResponse({ description: '`fields` names each bad field (a taken name, unknown ids)' })
  create(@Body(apiValidationPipe()) body: CreateHostMappingDto): Promise<HostMappingChanged> {
    return this.mappings.create('device', body);
  }

  @Patch(':id')
  @ApiOkResponse({ type: HostMappingChanged })
  @ApiBadRequestResponse({ description: '`fields` names each bad field' })
  @ApiNotFoundResponse()
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body(apiValidationPipe()) body: UpdateHostMappingDto,
  ): Promise<HostMappingChanged> {
    return this.mappings.update('device', id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: HostMappingChanged, description: 'the mapping as it was' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'the default mapping cannot be deleted' })
  delete(@Param('id', ParseIntPipe) id: number): Promise<HostMappingChanged> {
    return this.mappings.delete('device', id);
  }
}
