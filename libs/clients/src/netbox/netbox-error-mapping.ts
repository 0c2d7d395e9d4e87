import { NetboxAuthenticationError } from './netbox-authentication.error';
import { NetboxNotFoundError } from './netbox-not-found.error';
import { NetboxRequestError } from './netbox-request.error';
import { isNetboxRecord } from './netbox-response-readers';
import { NetboxUnavailableError } from './netbox-unavailable.error';

/** Which request failed: named in every error message. */
export interface NetboxRequestLine {
  readonly method: string;
  /** Path and query as sent (`/api/dcim/devices/?limit=500&offset=0`). */
  readonly path: string;
}

/** The parts of an HTTP answer the mapping looks at. */
export interface NetboxHttpAnswer {
  readonly status: number;
  /** The body as text (already redacted of the token by the caller). */
  readonly body: string;
  readonly retryAfter?: string;
  readonly location?: string;
}

export type NetboxHttpError =
  NetboxUnavailableError | NetboxAuthenticationError | NetboxNotFoundError | NetboxRequestError;

export interface NetboxNetworkFailure {
  /** Node / axios error code (`ECONNREFUSED`, `ECONNABORTED`, `ERR_CANCELED`, …). */
  readonly code?: string;
  readonly message: string;
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED', 'ABORT_ERR', 'ESOCKETTIMEDOUT']);
const MAX_MESSAGE_LENGTH = 300;

/**
 * An HTTP status → a typed error, or undefined for 2xx. Classification is by status only:
 * 408/429/5xx retryable; 401/403 authentication; 404 not found; other 3xx/4xx rejected; anything else a
 * broken answer (retryable).
 */
export function mapNetboxHttpStatus(
  request: NetboxRequestLine,
  answer: NetboxHttpAnswer,
  now: Date,
): NetboxHttpError | undefined {
  const { method, path } = request;
  const { status } = answer;
  if (status >= 200 && status < 300) return undefined;
  if (status === 401 || status === 403) {
    return new NetboxAuthenticationError(method, path, status, errorDetail(answer));
  }
  if (status === 404)
    return new NetboxNotFoundError(method, path, netboxErrorDetail(answer.body) ?? 'Not found.');
  if (status === 408 || status === 429 || (status >= 500 && status < 600)) {
    return new NetboxUnavailableError({
      method,
      path,
      reason: 'http-status',
      status,
      retryAfterMs: parseRetryAfter(answer.retryAfter, now),
      detail: errorDetail(answer),
    });
  }
  if (status >= 300 && status < 400) {
    // Redirects are not followed (a redirect to another host would carry the token along): fix the base URL.
    const target = answer.location ? ` to ${answer.location}` : '';
    return new NetboxRequestError(method, path, status, [`redirected${target}; check the NetBox base URL`]);
  }
  if (status >= 400 && status < 500) {
    return new NetboxRequestError(method, path, status, netboxErrorMessages(answer.body));
  }
  return new NetboxUnavailableError({
    method,
    path,
    reason: 'invalid-response',
    status,
    detail: `unexpected HTTP status ${status}`,
  });
}

/** No HTTP answer at all (refused, reset, DNS, timeout): always worth retrying. */
export function mapNetboxNetworkFailure(
  request: NetboxRequestLine,
  failure: NetboxNetworkFailure,
): NetboxUnavailableError {
  const reason = failure.code !== undefined && TIMEOUT_CODES.has(failure.code) ? 'timeout' : 'network';
  return new NetboxUnavailableError({
    method: request.method,
    path: request.path,
    reason,
    networkCode: failure.code,
    detail: failure.code ? `${failure.code} ${failure.message}` : failure.message,
  });
}

/** `Retry-After` as delay-seconds or an HTTP-date → milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: Date): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

/** DRF's `{"detail": "…"}`, when the body has one. */
export function netboxErrorDetail(body: string): string | undefined {
  const parsed = parseJson(body);
  return isNetboxRecord(parsed) && typeof parsed.detail === 'string' ? parsed.detail : undefined;
}

/**
 * The messages of a DRF error body, flattened: `{"detail": "x"}` → `x`; `["x"]` → `x`;
 * `{"site_id": ["x"]}` → `site_id: x`; `{"non_field_errors": ["x"]}` → `x`; positional bulk errors
 * `[{}, {"name": ["x"]}]` → `name: x`. A non-JSON body (a proxy's HTML page) gives its text, shortened.
 */
export function netboxErrorMessages(body: string): string[] {
  const parsed = parseJson(body);
  if (parsed === undefined) {
    const text = shorten(
      body
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    return text === '' ? [] : [text];
  }
  return flattenMessages(parsed, '').map(shorten);
}

/** Replaces the token wherever it appears (a proxy echoing headers, a debug page) with `***`. */
export function redactNetboxToken(text: string, token: string): string {
  return token.length >= 8 ? text.split(token).join('***') : text;
}

function flattenMessages(value: unknown, field: string): string[] {
  if (typeof value === 'string' || typeof value === 'number') {
    return [field === '' ? String(value) : `${field}: ${String(value)}`];
  }
  if (Array.isArray(value)) return value.flatMap((item) => flattenMessages(item, field));
  if (isNetboxRecord(value)) {
    return Object.entries(value).flatMap(([key, item]) => {
      const inner = key === 'detail' || key === 'non_field_errors' ? field : field ? `${field}.${key}` : key;
      return flattenMessages(item, inner);
    });
  }
  return [];
}

function errorDetail(answer: NetboxHttpAnswer): string {
  const detail = netboxErrorDetail(answer.body);
  if (detail !== undefined) return shorten(detail);
  const messages = netboxErrorMessages(answer.body);
  return messages.length > 0 ? messages.join('; ') : `HTTP ${answer.status}`;
}

function parseJson(body: string): unknown {
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function shorten(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
}
