/** One JSON-RPC round trip as the client saw it: method, time on the wire, and the error it ended with. */
export interface ZabbixCall {
  readonly method: string;
  readonly durationMs: number;
  /** The typed error the call failed with (ZabbixUnavailableError, ZabbixApiError, …); undefined on success. */
  readonly error?: Error;
}

/**
 * Told about every call the client sends (metrics hook it here; the client itself keeps no metrics). Called
 * synchronously after the call ends; whatever it throws is ignored.
 */
export interface ZabbixCallObserver {
  called(call: ZabbixCall): void;
}
