import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written on behalf of one NetBox change carries. */
interface CorrelationScope {
  correlationId: string | undefined;
}

const storage = new AsyncLocalStorage<CorrelationScope>();

/**
 * Runs `work` with `correlationId` as the correlation id of every log line written within it (and in every
 * callback and promise it starts). Message handlers run inside one; so does each HTTP request.
 */
export function runWithCorrelationId<T>(correlationId: string | undefined, work: () => T): T {
  return storage.run({ correlationId }, work);
}

/**
 * Gives the scope of the current HTTP request its correlation id once it is known (the ingester learns it
 * from the webhook body): the lines that follow, the request's own line included, carry it. Outside a
 * scope it does nothing.
 */
export function bindCorrelationId(correlationId: string): void {
  const scope = storage.getStore();
  if (scope) scope.correlationId = correlationId;
}

/** The correlation id of the work in progress, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/**
 * Runs `work` outside any correlation scope: for work shared by several messages (a writer's batch), whose
 * lines must not carry the id of whichever message happened to start it.
 */
export function runWithoutCorrelationId<T>(work: () => T): T {
  return storage.run({ correlationId: undefined }, work);
}

const requestScopes = new WeakMap<object, CorrelationScope>();

/**
 * Express middleware: each HTTP request runs in a correlation scope of its own, which the handler fills with
 * bindCorrelationId once it knows the id (the ingester reads it from the webhook body).
 */
export function correlationScopeMiddleware(request: object, _response: unknown, next: () => void): void {
  const scope: CorrelationScope = { correlationId: undefined };
  requestScopes.set(request, scope);
  storage.run(scope, next);
}

/** The correlation id bound while handling `request`, for its request log line. */
export function correlationIdOfRequest(request: object): string | undefined {
  return requestScopes.get(request)?.correlationId;
}
