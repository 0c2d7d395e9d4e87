import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Hands a handler's error to the JetStream pipeline unchanged. Nest wraps every `@EventPattern` handler in
 * its RPC exception handling, which replaces any error that is not an RpcException with
 * `{ status: 'error', message: 'Internal server error' }`; the pipeline could then no longer tell a
 * RetryableError from a PermanentError. Bind it to every controller of the JetStream transport:
 *
 * ```ts
 * @Controller()
 * @UseFilters(JetStreamExceptionFilter)
 * export class HostJobsController { … }
 * ```
 */
@Catch()
export class JetStreamExceptionFilter implements RpcExceptionFilter<unknown, never> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
