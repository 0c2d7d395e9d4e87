import { RetryableError } from '@lib/contracts';

export type NetboxUnavailableReason = 'network' | 'timeout' | 'http-status' | 'invalid-response';

export interface NetboxUnavailableDetails {
  readonly method: string;
  /** Path and query of the request (never the host's credentials: there are none in it). */
  readonly path: string;
  readonly reason: NetboxUnavailableReason;
  /** HTTP status, when there was a response (5xx, 429, 408). */
  readonly status?: number;
  /** Node's or axios' error code for failures without a response (`ECONNREFUSED`, `ERR_CANCELED`, …). */
  readonly networkCode?: string;
  /** From `Retry-After`: how long NetBox (or its proxy) asked us to wait, in milliseconds. A hint only. */
  readonly retryAfterMs?: number;
  readonly detail: string;
}

/** NetBox could not be reached or did not answer usefully (network, timeout, HTTP 5xx/429/408): retry later. */
export class NetboxUnavailableError extends RetryableError {
  override readonly name: string = 'NetboxUnavailableError';
  readonly method: string;
  readonly path: string;
  readonly reason: NetboxUnavailableReason;
  readonly status?: number;
  readonly networkCode?: string;
  readonly retryAfterMs?: number;

  constructor(details: NetboxUnavailableDetails) {
    const hint =
      details.retryAfterMs === undefined ? '' : ` (retry after ${Math.ceil(details.retryAfterMs / 1000)} s)`;
    super(
      `NetBox ${details.method} ${details.path} unavailable (${details.reason}): ${details.detail}${hint}`,
    );
    this.method = details.method;
    this.path = details.path;
    this.reason = details.reason;
    this.status = details.status;
    this.networkCode = details.networkCode;
    this.retryAfterMs = details.retryAfterMs;
  }
}
