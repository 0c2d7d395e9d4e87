import { PermanentError, RetryableError } from '@lib/contracts';
import { loadNetboxFixture } from '@lib/testing';
import { NetboxAuthenticationError } from './netbox-authentication.error';
import {
  mapNetboxHttpStatus,
  mapNetboxNetworkFailure,
  netboxErrorMessages,
  parseRetryAfter,
  redactNetboxToken,
  type NetboxHttpAnswer,
} from './netbox-error-mapping';
import { NetboxNotFoundError } from './netbox-not-found.error';
import { NetboxRequestError } from './netbox-request.error';
import { NetboxUnavailableError } from './netbox-unavailable.error';

interface FixtureError {
  readonly status: number;
  readonly body: unknown;
}

const errors = loadNetboxFixture<Record<string, FixtureError>>('rest-errors.json');
const request = { method: 'GET', path: '/api/dcim/devices/101/?exclude=config_context' };
const now = new Date('2026-08-20T10:00:00Z');

function fixtureAnswer(name: string): NetboxHttpAnswer {
  const error = errors[name];
  if (!error) throw new Error(`no ${name} in rest-errors.json`);
  return { status: error.status, body: JSON.stringify(error.body) };
}

type ErrorClass = abstract new (...parameters: never[]) => Error;

describe(mapNetboxHttpStatus.name, () => {
  it.each<[string, NetboxHttpAnswer, ErrorClass, ErrorClass, Record<string, unknown>]>([
    [
      'no credentials (403)',
      fixtureAnswer('403_no_credentials'),
      NetboxAuthenticationError,
      PermanentError,
      { status: 403, detail: 'Authentication credentials were not provided.' },
    ],
    [
      'an unknown v1 token (403)',
      fixtureAnswer('403_invalid_v1_token'),
      NetboxAuthenticationError,
      PermanentError,
      { detail: 'Invalid v1 token' },
    ],
    [
      'an unknown v2 token (403)',
      fixtureAnswer('403_invalid_v2_token'),
      NetboxAuthenticationError,
      PermanentError,
      { detail: 'Invalid v2 token' },
    ],
    [
      'a malformed v2 header (403)',
      fixtureAnswer('403_bad_v2_header'),
      NetboxAuthenticationError,
      PermanentError,
      { detail: expect.stringContaining('Could not parse key from v2 token') },
    ],
    [
      'an expired token (403)',
      fixtureAnswer('403_token_expired'),
      NetboxAuthenticationError,
      PermanentError,
      { detail: 'Token expired' },
    ],
    [
      'a missing permission (403)',
      fixtureAnswer('403_no_permission'),
      NetboxAuthenticationError,
      PermanentError,
      { detail: 'You do not have permission to perform this action.' },
    ],
    [
      'a 401 from a proxy',
      { status: 401, body: '<html><title>401 Authorization Required</title></html>' },
      NetboxAuthenticationError,
      PermanentError,
      { status: 401, detail: '401 Authorization Required' },
    ],
    [
      'a missing object (404)',
      fixtureAnswer('404_detail'),
      NetboxNotFoundError,
      PermanentError,
      { detail: 'No Device matches the given query.' },
    ],
    [
      'a 404 without a body',
      { status: 404, body: '' },
      NetboxNotFoundError,
      PermanentError,
      { detail: 'Not found.' },
    ],
    [
      'start with offset (400)',
      fixtureAnswer('400_start_and_offset'),
      NetboxRequestError,
      PermanentError,
      { status: 400, messages: ["'start' and 'offset' are mutually exclusive."] },
    ],
    [
      'an invalid filter value (400)',
      fixtureAnswer('400_invalid_filter_value'),
      NetboxRequestError,
      PermanentError,
      { messages: ['site_id: Select a valid choice. 999 is not one of the available choices.'] },
    ],
    [
      'a URI too long (414)',
      { status: 414, body: '<html><h1>414 Request-URI Too Large</h1></html>' },
      NetboxRequestError,
      PermanentError,
      { status: 414, messages: ['414 Request-URI Too Large'] },
    ],
    [
      'a redirect (301)',
      { status: 301, body: '', location: 'https://netbox.example.com/api/dcim/devices/101/' },
      NetboxRequestError,
      PermanentError,
      {
        status: 301,
        messages: [
          'redirected to https://netbox.example.com/api/dcim/devices/101/; check the NetBox base URL',
        ],
      },
    ],
    [
      'a server error (500)',
      { status: 500, body: '<h1>Server Error (500)</h1>' },
      NetboxUnavailableError,
      RetryableError,
      { status: 500, reason: 'http-status', retryAfterMs: undefined },
    ],
    [
      'a bad gateway (502)',
      { status: 502, body: '' },
      NetboxUnavailableError,
      RetryableError,
      { status: 502, reason: 'http-status' },
    ],
    [
      'maintenance (503) with Retry-After seconds',
      { status: 503, body: '', retryAfter: '120' },
      NetboxUnavailableError,
      RetryableError,
      { status: 503, retryAfterMs: 120_000 },
    ],
    [
      'throttling (429) with Retry-After as a date',
      {
        status: 429,
        body: '{"detail": "Request was throttled."}',
        retryAfter: 'Thu, 20 Aug 2026 10:00:30 GMT',
      },
      NetboxUnavailableError,
      RetryableError,
      { status: 429, retryAfterMs: 30_000 },
    ],
    [
      'a request timeout (408)',
      { status: 408, body: '' },
      NetboxUnavailableError,
      RetryableError,
      { status: 408 },
    ],
    [
      'an unexpected status (101)',
      { status: 101, body: '' },
      NetboxUnavailableError,
      RetryableError,
      { reason: 'invalid-response' },
    ],
  ])('should map %s', (_case, answer, errorClass, baseClass, fields) => {
    const error = mapNetboxHttpStatus(request, answer, now);

    expect(error).toBeInstanceOf(errorClass);
    expect(error).toBeInstanceOf(baseClass);
    expect(error).toMatchObject({ method: 'GET', path: request.path, ...fields });
    expect(error?.message).toContain(`NetBox GET ${request.path}`);
  });

  it.each([200, 201, 204])('should give no error when the status is %i', (status) => {
    expect(mapNetboxHttpStatus(request, { status, body: '{}' }, now)).toBeUndefined();
  });

  it("should put NetBox's detail in the message when authentication fails", () => {
    const error = mapNetboxHttpStatus(request, fixtureAnswer('403_invalid_v1_token'), now);

    expect(error?.message).toBe(
      'NetBox GET /api/dcim/devices/101/?exclude=config_context refused (HTTP 403): Invalid v1 token',
    );
  });
});

describe(mapNetboxNetworkFailure.name, () => {
  it.each([
    ['ECONNABORTED', 'timeout'],
    ['ERR_CANCELED', 'timeout'],
    ['ETIMEDOUT', 'timeout'],
    ['ECONNREFUSED', 'network'],
    ['ECONNRESET', 'network'],
    ['ENOTFOUND', 'network'],
    [undefined, 'network'],
  ])('should map %s to a retryable %s failure', (code, reason) => {
    const error = mapNetboxNetworkFailure(request, { code, message: 'boom' });

    expect(error).toBeInstanceOf(NetboxUnavailableError);
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ reason, networkCode: code });
    expect(error.message).toContain(request.path);
  });
});

describe(parseRetryAfter.name, () => {
  it.each<[string | undefined, number | undefined]>([
    [undefined, undefined],
    ['0', 0],
    ['30', 30_000],
    [' 5 ', 5_000],
    ['Thu, 20 Aug 2026 10:01:00 GMT', 60_000],
    ['Thu, 20 Aug 2026 09:59:00 GMT', 0],
    ['soon', undefined],
    ['-1', undefined],
    ['1.5', undefined],
  ])('should read %p as %p milliseconds', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe(netboxErrorMessages.name, () => {
  it.each<[string, string[]]>([
    ['{"detail": "Not found."}', ['Not found.']],
    ['["one", "two"]', ['one', 'two']],
    [
      '{"name": ["This field is required."], "non_field_errors": ["Bad."]}',
      ['name: This field is required.', 'Bad.'],
    ],
    ['[{}, {"name": ["Duplicate."]}]', ['name: Duplicate.']],
    ['{"custom_fields": {"zabbix_proxy": ["Unknown."]}}', ['custom_fields.zabbix_proxy: Unknown.']],
    ['<html><body><h1>Bad Request</h1></body></html>', ['Bad Request']],
    ['', []],
  ])('should flatten %s', (body, messages) => {
    expect(netboxErrorMessages(body)).toEqual(messages);
  });
});

describe(redactNetboxToken.name, () => {
  it('should replace every occurrence of the token when the text contains it', () => {
    const token = '0123456789abcdef0123456789abcdef01234567';

    expect(redactNetboxToken(`Authorization: Token ${token} (${token})`, token)).toBe(
      'Authorization: Token *** (***)',
    );
  });
});
