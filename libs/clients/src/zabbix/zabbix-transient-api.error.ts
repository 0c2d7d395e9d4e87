import { RetryableError } from '@lib/contracts';
import { describeJsonRpcError, type JsonRpcErrorDetails } from './zabbix-api.error';

/** Zabbix answered with an error that is about its own state (database errors, deadlocks): worth retrying. */
export class ZabbixTransientApiError extends RetryableError implements JsonRpcErrorDetails {
  override readonly name: string = 'ZabbixTransientApiError';
  readonly method: string;
  readonly code: number;
  readonly rpcMessage: string;
  readonly data: string;

  constructor(details: JsonRpcErrorDetails) {
    super(describeJsonRpcError(details));
    this.method = details.method;
    this.code = details.code;
    this.rpcMessage = details.rpcMessage;
    this.data = details.data;
  }
}
