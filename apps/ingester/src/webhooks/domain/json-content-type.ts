const ACCEPTED_CHARSETS = new Set(['utf-8', 'utf8']);
const MAX_ECHOED_LENGTH = 100;

/**
 * Why a request's `Content-Type` / `Content-Encoding` cannot carry a NetBox webhook, or undefined when they
 * can. Accepted: `application/json`, optionally with `charset=utf-8` (any case, quoted or not) and other
 * parameters; no content coding other than `identity`. JSON is UTF-8 (RFC 8259), and so is NetBox's body.
 */
export function jsonContentTypeProblem(
  contentType: string | undefined,
  contentEncoding: string | undefined,
): string | undefined {
  if (contentType === undefined || contentType.trim() === '') {
    return 'Content-Type is missing; send application/json';
  }
  const [mediaType = '', ...parameters] = contentType.split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') {
    return `Content-Type must be application/json, not ${echo(contentType)}`;
  }
  for (const parameter of parameters) {
    const separator = parameter.indexOf('=');
    if (separator < 0) continue;
    const name = parameter.slice(0, separator).trim().toLowerCase();
    const value = unquote(parameter.slice(separator + 1).trim()).toLowerCase();
    if (name === 'charset' && !ACCEPTED_CHARSETS.has(value)) {
      return `charset ${echo(value)} is not supported; send UTF-8`;
    }
  }
  const encoding = contentEncoding?.trim().toLowerCase() ?? '';
  if (encoding !== '' && encoding !== 'identity') {
    return `Content-Encoding ${echo(encoding)} is not supported; send the body uncompressed`;
  }
  return undefined;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

function echo(value: string): string {
  return JSON.stringify(value.length > MAX_ECHOED_LENGTH ? `${value.slice(0, MAX_ECHOED_LENGTH)}…` : value);
}
