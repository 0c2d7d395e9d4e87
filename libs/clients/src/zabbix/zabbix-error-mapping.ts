import { ZabbixAlreadyExistsError } from './zabbix-already-exists.error';
import { ZabbixApiError, type JsonRpcErrorDetails } from './zabbix-api.error';
import { ZabbixRequestRejectedError } from './zabbix-request-rejected.error';
import { ZabbixTransientApiError } from './zabbix-transient-api.error';
import { ZabbixUnavailableError } from './zabbix-unavailable.error';

/** JSON-RPC error codes Zabbix uses (HTTP is 200 for all of them). */
export const JsonRpcErrorCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  applicationError: -32500,
} as const;

/**
 * Zabbix reports database trouble as ordinary application errors; only the text tells them apart. This is the
 * one place that reads error text: everything downstream classifies by type.
 */
const TRANSIENT_PATTERNS: readonly RegExp[] = [
  /SQL statement execution has failed/i,
  /Error in query/i,
  /deadlock/i,
  /could not serialize access/i,
  /lock wait timeout/i,
  /Database error/i,
  /Error connecting to database/i,
  /Your database is not working properly/i,
  /DBEXECUTE_ERROR/,
  /too many connections/i,
  /server closed the connection/i,
  /terminating connection/i,
];

const ALREADY_EXISTS_PATTERN = /already exists/i;
const SESSION_EXPIRED_PATTERN = /Session terminated|re-login|Not authori[sz]ed/i;

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED', 'ABORT_ERR', 'ESOCKETTIMEDOUT']);

/** A JSON-RPC error object → a typed error: permanent unless the text says the database had a bad moment. */
export function mapJsonRpcError(details: JsonRpcErrorDetails): ZabbixApiError | ZabbixTransientApiError {
  const text = `${details.rpcMessage} ${details.data}`;
  if (TRANSIENT_PATTERNS.some((pattern) => pattern.test(text))) return new ZabbixTransientApiError(details);
  if (ALREADY_EXISTS_PATTERN.test(details.data)) return new ZabbixAlreadyExistsError(details);
  return new ZabbixApiError(details);
}

/** An HTTP status other than 200 → a typed error; undefined when the status is a success. */
export function mapHttpStatus(
  method: string,
  status: number,
): ZabbixUnavailableError | ZabbixRequestRejectedError | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status >= 500 || status === 429 || status === 408) {
    return new ZabbixUnavailableError({ method, reason: 'http-status', status, detail: `HTTP ${status}` });
  }
  return new ZabbixRequestRejectedError(method, status);
}

export interface NetworkFailure {
  /** Node / axios error code (`ECONNREFUSED`, `ECONNABORTED`, `ERR_CANCELED`, …). */
  readonly code?: string;
  readonly message: string;
}

/** No HTTP response at all: always worth retrying. */
export function mapNetworkFailure(method: string, failure: NetworkFailure): ZabbixUnavailableError {
  const reason = failure.code !== undefined && TIMEOUT_CODES.has(failure.code) ? 'timeout' : 'network';
  return new ZabbixUnavailableError({
    method,
    reason,
    networkCode: failure.code,
    detail: failure.code ? `${failure.code} ${failure.message}` : failure.message,
  });
}

/** The session is gone (logged out, expired, server restarted): a user/password client logs in again once. */
export function isSessionExpired(error: unknown): boolean {
  return (
    error instanceof ZabbixApiError &&
    error.code === JsonRpcErrorCode.invalidParams &&
    SESSION_EXPIRED_PATTERN.test(error.data)
  );
}

/** Parameter names whose values must never reach an error message or a log line. */
const SECRET_KEYS = new Set([
  'password',
  'passwd',
  'token',
  'auth',
  'tls_psk',
  'authpassphrase',
  'privpassphrase',
  'community',
]);

/** Secret values found anywhere in request params, so that errors echoing them can be redacted. */
export function collectSecretValues(params: unknown, found: string[] = []): string[] {
  if (Array.isArray(params)) {
    for (const item of params) collectSecretValues(item, found);
  } else if (typeof params === 'object' && params !== null) {
    for (const [key, value] of Object.entries(params)) {
      if (SECRET_KEYS.has(key) && typeof value === 'string' && value.length >= 3) found.push(value);
      else collectSecretValues(value, found);
    }
  }
  return found;
}

export const REDACTED = '***';

/** Replaces every occurrence of each secret (longest first) with `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  const ordered = [...new Set(secrets)]
    .filter((secret) => secret.length > 0)
    .sort((a, b) => b.length - a.length);
  for (const secret of ordered) result = result.split(secret).join(REDACTED);
  return result;
}
