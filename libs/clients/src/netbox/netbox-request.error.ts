import { PermanentError } from '@lib/contracts';

/**
 * NetBox rejected the request itself (HTTP 400 for a bad filter value or `start` with `offset`, and the other
 * 4xx/3xx answers that a retry cannot fix). `messages` are NetBox's, flattened (`site_id: Select a valid …`).
 */
export class NetboxRequestError extends PermanentError {
  override readonly name: string = 'NetboxRequestError';

  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly messages: readonly string[],
  ) {
    const text = messages.length > 0 ? `: ${messages.join('; ')}` : '';
    super(`NetBox ${method} ${path} rejected (HTTP ${status})${text}`);
  }
}
