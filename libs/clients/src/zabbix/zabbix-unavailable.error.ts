import { RetryableError } from '@lib/contracts';

export type ZabbixUnavailableReason = 'network' | 'timeout' | 'http-status' | 'invalid-response';

export interface ZabbixUnavailableDetails {
  readonly method: string;
  readonly reason: ZabbixUnavailableReason;
  /** HTTP status, when there was a response. */
  readonly status?: number;
  /** Node's error code for network failures (`ECONNREFUSED`, `ETIMEDOUT`, …). */
  readonly networkCode?: string;
  readonly detail: string;
}

/** The API could not be reached or did not answer usefully (network, timeout, HTTP 5xx/429): retry later. */
export class ZabbixUnavailableError extends RetryableError {
  override readonly name: string = 'ZabbixUnavailableError';
  readonly method: string;
  readonly reason: ZabbixUnavailableReason;
  readonly status?: number;
  readonly networkCode?: string;

  constructor(details: ZabbixUnavailableDetails) {
    super(`Zabbix ${details.method} unavailable (${details.reason}): ${details.detail}`);
    this.method = details.method;
    this.reason = details.reason;
    this.status = details.status;
    this.networkCode = details.networkCode;
  }
}
