import { PermanentError } from '@lib/contracts';

export interface JsonRpcErrorDetails {
  /** The JSON-RPC method that failed (`host.create`). */
  readonly method: string;
  /** -32602 invalid params, -32500 application error, -32601 unknown method, … */
  readonly code: number;
  /** The JSON-RPC error message (`Invalid params.`). */
  readonly rpcMessage: string;
  /** Zabbix's explanation (`Host with the same name "web01" already exists.`), secrets redacted. */
  readonly data: string;
}

export function describeJsonRpcError(details: JsonRpcErrorDetails): string {
  const data = details.data ? `: ${details.data}` : '';
  return `Zabbix ${details.method} failed (${details.code} ${details.rpcMessage})${data}`;
}

/** Zabbix refused the call (invalid params, unknown method, no permission, bad login): retrying will not help. */
export class ZabbixApiError extends PermanentError implements JsonRpcErrorDetails {
  override readonly name: string = 'ZabbixApiError';
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
