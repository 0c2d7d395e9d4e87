import { PermanentError } from '@lib/contracts';

/**
 * NetBox refused the credentials or the permission (HTTP 401/403). NetBox answers 403, not 401, for a missing,
 * unknown, expired or disabled token, and for a token without view permission on the model; `detail` says which.
 */
export class NetboxAuthenticationError extends PermanentError {
  override readonly name: string = 'NetboxAuthenticationError';

  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    /** NetBox's `detail` (`Invalid v1 token`, `Token expired`, …); never contains the token. */
    readonly detail: string,
  ) {
    super(`NetBox ${method} ${path} refused (HTTP ${status}): ${detail}`);
  }
}
