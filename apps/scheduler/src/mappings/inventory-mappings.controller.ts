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
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
} from '@nestjs/swagger';
import { ManagementApi } from '../api/management-api.decorator';
import { apiValidationPipe } from '../http/api-validation.pipe';
import { PageQuery } from '../http/page.query';
import { CreateInventoryMappingDto, UpdateInventoryMappingDto } from './field-mapping.dto';
import { FieldMappingService } from './field-mapping.service';
import { InventoryMappingChanged, InventoryMappingPage, InventoryMappingView } from './mapping.views';

type Selection = [string, string, string[]][];

/**
 * Which NetBox fields become Zabbix inventory: one mapping per object type (`device`, `virtualmachine`), its
 * selection [name, Zabbix inventory field, [NetBox field paths]]. A change re-plans the hosts (`replanJobId`).
 */
@ManagementApi('inventory mappings')
@Controller('api/inventory-mappings')
export class InventoryMappingsController {
  constructor(private readonly mappings: FieldMappingService) {}

  @Get()
  @ApiOkResponse({ type: InventoryMappingPage })
  list(@Query(apiValidationPipe()) query: PageQuery): Promise<InventoryMappingPage> {
    return this.mappings.list<Selection>('inventory', query.limit, query.offset);
  }

  @Get(':id')
  @ApiOkResponse({ type: InventoryMappingView })
  @ApiNotFoundResponse()
  get(@Param('id', ParseIntPipe) id: number): Promise<InventoryMappingView> {
    return this.mappings.get<Selection>('inventory', id);
  }

  @Post()
  @ApiCreatedResponse({ type: InventoryMappingChanged })
  @ApiBadRequestResponse({
    description: '`fields` names each bad field (a bad selection entry, a second mapping of a type)',
  })
  create(@Body(apiValidationPipe()) body: CreateInventoryMappingDto): Promise<InventoryMappingChanged> {
    return this.mappings.create<Selection>('inventory', body);
  }

  @Patch(':id')
  @ApiOkResponse({ type: InventoryMappingChanged })
  @ApiBadRequestResponse({ description: '`fields` names each bad field' })
  @ApiNotFoundResponse()
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body(apiValidationPipe()) body: UpdateInventoryMappingDto,
  ): Promise<InventoryMappingChanged> {
    return this.mappings.update<Selection>('inventory', id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: InventoryMappingChanged, description: 'the mapping as it was' })
  @ApiNotFoundResponse()
  delete(@Param('id', ParseIntPipe) id: number): Promise<InventoryMappingChanged> {
    return this.mappings.delete<Selection>('inventory', id);
  }
}
