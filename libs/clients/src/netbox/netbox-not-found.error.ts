import { PermanentError } from '@lib/contracts';

/** HTTP 404. On a single-object GET (`getDevice`) it means the object is gone: callers treat it as deleted. */
export class NetboxNotFoundError extends PermanentError {
  override readonly name: string = 'NetboxNotFoundError';

  constructor(
    readonly method: string,
    readonly path: string,
    /** NetBox's `detail` (`No Device matches the given query.`), or `Not found.` */
    readonly detail: string,
  ) {
    super(`NetBox ${method} ${path} not found: ${detail}`);
  }
}
