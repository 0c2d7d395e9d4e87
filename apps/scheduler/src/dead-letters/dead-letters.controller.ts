import { Controller, Get, HttpCode, HttpStatus, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { ManagementApi } from '../api/management-api.decorator';
import { apiValidationPipe } from '../http/api-validation.pipe';
import { PageQuery } from '../http/page.query';
import { ApiUser } from '../http/request-user';
import { DeadLetterService } from './dead-letter.service';
import { DeadLetterPage, DeadLetterReplayed, DeadLetterView } from './dead-letter.views';

/** Messages that could not be processed (the dead-letter stream), and their replay. */
@ManagementApi('dead letters')
@Controller('api/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetterService) {}

  @Get()
  @ApiOperation({ summary: 'the dead-letter stream, newest first' })
  @ApiOkResponse({ type: DeadLetterPage })
  list(@Query(apiValidationPipe()) query: PageQuery): Promise<DeadLetterPage> {
    return this.deadLetters.list(query.limit, query.offset);
  }

  @Get(':id')
  @ApiOkResponse({ type: DeadLetterView })
  @ApiNotFoundResponse()
  get(@Param('id', ParseIntPipe) id: number): Promise<DeadLetterView> {
    return this.deadLetters.get(id);
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'retry its job, or publish the original message again' })
  @ApiAcceptedResponse({ type: DeadLetterReplayed })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'a result, an invalid message, or a job that cannot be retried now' })
  replay(@Param('id', ParseIntPipe) id: number, @ApiUser() user: string | null): Promise<DeadLetterReplayed> {
    return this.deadLetters.replay(id, user);
  }
}
