import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { API_CALLER, type AuthenticatedRequest } from '../auth/api-token.guard';

/**
 * Who made an API request: the name of the token it carried, recorded as the `username` of the jobs it
 * starts; null when the API is open (no tokens configured).
 */
export const ApiUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | null =>
    context.switchToHttp().getRequest<AuthenticatedRequest>()[API_CALLER]?.name ?? null,
);
