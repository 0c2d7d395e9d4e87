import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { type Request, type Response } from 'express';
import { type ApiCaller, ApiTokenStore } from './api-token.store';

/** Methods a read-only token may use. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request property the guard leaves the caller on (read by the `ApiUser` parameter decorator). */
export const API_CALLER = Symbol('API_CALLER');

export type AuthenticatedRequest = Request & { [API_CALLER]?: ApiCaller | null };

/** Paths under `/api` need a token; probes, /metrics and the console's static files stay open. */
export function isProtectedPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/**
 * Bearer tokens for the management API (`Authorization: Bearer <token>`): 401 without one or with one it does
 * not know, 403 for a change (any method but GET, HEAD, OPTIONS) with a read-only token. Registered for every
 * route; it only looks at HTTP requests to `/api/…`. When no token is configured (development on a loopback
 * address), every request passes as nobody.
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  constructor(@Inject(ApiTokenStore) private readonly tokens: ApiTokenStore) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!isProtectedPath(request.path)) return true;
    if (this.tokens.open) {
      request[API_CALLER] = null;
      return true;
    }
    const header = request.headers.authorization ?? '';
    const match = /^Bearer +(\S+) *$/i.exec(header);
    const caller = match?.[1] ? this.tokens.authenticate(match[1]) : null;
    if (!caller) {
      context
        .switchToHttp()
        .getResponse<Response>()
        .setHeader('WWW-Authenticate', 'Bearer realm="netbox-zabbix-bridge"');
      throw new UnauthorizedException(
        match ? 'unknown API token' : 'an API token is required: Authorization: Bearer <token>',
      );
    }
    if (!READ_METHODS.has(request.method) && caller.access !== 'rw') {
      throw new ForbiddenException(`API token "${caller.name}" is read-only`);
    }
    request[API_CALLER] = caller;
    return true;
  }
}
