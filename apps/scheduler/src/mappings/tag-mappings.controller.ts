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
import { CreateTagMappingDto, UpdateTagMappingDto } from './field-mapping.dto';
import { FieldMappingService } from './field-mapping.service';
import { TagMappingChanged, TagMappingPage, TagMappingView } from './mapping.views';

type Selection = [string, string][];

/**
 * Which NetBox fields become Zabbix tags: one mapping per object type (`device`, `virtualmachine`), its
 * selection [tag name, NetBox field path]. A change re-plans the hosts (`replanJobId`).
 */
@ManagementApi('tag mappings')
@Controller('api/tag-mappings')
export class TagMappingsController {
  constructor(private readonly mappings: FieldMappingService) {}

  @Get()
  @ApiOkResponse({ type: TagMappingPage })
  list(@Query(apiValidationPipe()) query: PageQuery): Promise<TagMappingPage> {
    return this.mappings.list<Selection>('tag', query.limit, query.offset);
  }

  @Get(':id')
  @ApiOkResponse({ type: TagMappingView })
  @ApiNotFoundResponse()
  get(@Param('id', ParseIntPipe) id: number): Promise<TagMappingView> {
    return this.mappings.get<Selection>('tag', id);
  }

  @Post()
  @ApiCreatedResponse({ type: TagMappingChanged })
  @ApiBadRequestResponse({
    description: '`fields` names each bad field (a bad selection entry, a second mapping of a type)',
  })
  create(@Body(apiValidationPipe()) body: CreateTagMappingDto): Promise<TagMappingChanged> {
    return this.mappings.create<Selection>('tag', body);
  }

  @Patch(':id')
  @ApiOkResponse({ type: TagMappingChanged })
  @ApiBadRequestResponse({ description: '`fields` names each bad field' })
  @ApiNotFoundResponse()
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body(apiValidationPipe()) body: UpdateTagMappingDto,
  ): Promise<TagMappingChanged> {
    return this.mappings.update<Selection>('tag', id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TagMappingChanged, description: 'the mapping as it was' })
  @ApiNotFoundResponse()
  delete(@Param('id', ParseIntPipe) id: number): Promise<TagMappingChanged> {
    return this.mappings.delete<Selection>('tag', id);
  }
}
