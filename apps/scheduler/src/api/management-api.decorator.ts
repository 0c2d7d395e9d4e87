import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { BEARER_SCHEME } from './openapi';

/**
 * Marks a controller as part of the management API in the OpenAPI document: its tag, the bearer token it
 * needs, and the 401/403 every route can answer.
 */
export function ManagementApi(tag: string): ClassDecorator {
  return applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(BEARER_SCHEME),
    ApiUnauthorizedResponse({ description: 'no token, or a token API_TOKENS does not hold' }),
    ApiForbiddenResponse({ description: 'a change (not GET) with a read-only token' }),
  );
}
