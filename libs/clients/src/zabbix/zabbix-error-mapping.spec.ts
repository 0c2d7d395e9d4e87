import { PermanentError, RetryableError } from '@lib/contracts';
import { ZabbixAlreadyExistsError } from './zabbix-already-exists.error';
import { ZabbixApiError } from './zabbix-api.error';
import {
  collectSecretValues,
  isSessionExpired,
  mapHttpStatus,
  mapJsonRpcError,
  mapNetworkFailure,
  redactSecrets,
} from './zabbix-error-mapping';
import { ZabbixRequestRejectedError } from './zabbix-request-rejected.error';
import { ZabbixTransientApiError } from './zabbix-transient-api.error';
import { ZabbixUnavailableError } from './zabbix-unavailable.error';

describe(mapJsonRpcError.name, () => {
  it.each([
    [
      -32602,
      'Invalid params.',
      'Invalid parameter "/1/groups": cannot be empty.',
      ZabbixApiError,
      PermanentError,
    ],
    [-32602, 'Invalid params.', 'Not authorized.', ZabbixApiError, PermanentError],
    [
      -32500,
      'Application error.',
      'Incorrect user name or password or account is temporarily blocked.',
      ZabbixApiError,
      PermanentError,
    ],
    [
      -32500,
      'Application error.',
      'No permissions to referred object or it does not exist!',
      ZabbixApiError,
      PermanentError,
    ],
    [-32601, 'Method not found.', 'Incorrect API "foo".', ZabbixApiError, PermanentError],
    [
      -32600,
      'Invalid request.',
      'Invalid parameter "/jsonrpc": value must be "2.0".',
      ZabbixApiError,
      PermanentError,
    ],
    [
      -32602,
      'Invalid params.',
      'Host with the same name "web01" already exists.',
      ZabbixAlreadyExistsError,
      PermanentError,
    ],
    [
      -32602,
      'Invalid params.',
      'Host group "NetBox" already exists.',
      ZabbixAlreadyExistsError,
      PermanentError,
    ],
    [
      -32500,
      'Application error.',
      'SQL statement execution has failed "INSERT INTO hosts …".',
      ZabbixTransientApiError,
      RetryableError,
    ],
    [
      -32500,
      'Application error.',
      'Error in query [UPDATE items …] [ERROR:  deadlock detected]',
      ZabbixTransientApiError,
      RetryableError,
    ],
    [
      -32500,
      'Application error.',
      'ERROR: could not serialize access due to concurrent update',
      ZabbixTransientApiError,
      RetryableError,
    ],
    [
      -32500,
      'Application error.',
      'Your database is not working properly. Please wait a few minutes…',
      ZabbixTransientApiError,
      RetryableError,
    ],
    [1, 'Error connecting to database.', '', ZabbixTransientApiError, RetryableError],
    [
      1,
      'Database error: too many connections for role "zabbix"',
      '',
      ZabbixTransientApiError,
      RetryableError,
    ],
  ])('should map code %i %j / %j to %p (%p)', (code, rpcMessage, data, type, family) => {
    const error = mapJsonRpcError({ method: 'host.create', code, rpcMessage, data });

    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(family);
    expect(error).toMatchObject({ method: 'host.create', code, data });
    expect(error.message).toContain('host.create');
  });
});

describe(mapHttpStatus.name, () => {
  it.each([
    [200, undefined, undefined],
    [204, undefined, undefined],
    [500, ZabbixUnavailableError, RetryableError],
    [502, ZabbixUnavailableError, RetryableError],
    [503, ZabbixUnavailableError, RetryableError],
    [504, ZabbixUnavailableError, RetryableError],
    [429, ZabbixUnavailableError, RetryableError],
    [408, ZabbixUnavailableError, RetryableError],
    [404, ZabbixRequestRejectedError, PermanentError],
    [412, ZabbixRequestRejectedError, PermanentError],
    [401, ZabbixRequestRejectedError, PermanentError],
  ])('should map HTTP %i to %p', (status, type, family) => {
    const error = mapHttpStatus('host.get', status);

    if (type === undefined || family === undefined) {
      expect(error).toBeUndefined();
    } else {
      expect(error).toBeInstanceOf(type);
      expect(error).toBeInstanceOf(family);
      expect(error).toMatchObject({ method: 'host.get', status });
    }
  });
});

describe(mapNetworkFailure.name, () => {
  it.each([
    ['ECONNREFUSED', 'network'],
    ['ECONNRESET', 'network'],
    ['ENOTFOUND', 'network'],
    ['EHOSTUNREACH', 'network'],
    ['ECONNABORTED', 'timeout'],
    ['ETIMEDOUT', 'timeout'],
    ['ERR_CANCELED', 'timeout'],
    [undefined, 'network'],
  ])('should map %s to a retryable %s failure', (code, reason) => {
    const error = mapNetworkFailure('host.get', { code, message: 'failed' });

    expect(error).toBeInstanceOf(ZabbixUnavailableError);
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ method: 'host.get', reason, networkCode: code });
  });
});

describe(isSessionExpired.name, () => {
  it.each([
    [-32602, 'Session terminated, re-login, please.', true],
    [-32602, 'Not authorized.', true],
    [-32602, 'Not authorised.', true],
    [-32500, 'Not authorized.', false],
    [-32602, 'Invalid parameter "/1/host": cannot be empty.', false],
  ])('should treat code %i %j as an expired session: %s', (code, data, expected) => {
    const error = mapJsonRpcError({ method: 'host.get', code, rpcMessage: 'x', data });

    expect(isSessionExpired(error)).toBe(expected);
  });

  it('should not treat other errors as an expired session', () => {
    expect(isSessionExpired(new Error('Session terminated'))).toBe(false);
    expect(isSessionExpired(undefined)).toBe(false);
  });
});

describe(collectSecretValues.name, () => {
  it('should find secrets at any depth and ignore other values', () => {
    const params = {
      host: 'web01',
      tls_psk_identity: 'web01',
      tls_psk: '0123456789abcdef0123456789abcdef',
      interfaces: [
        { details: { authpassphrase: 'auth-pass', privpassphrase: 'priv-pass', community: 'public' } },
      ],
      password: 'zabbix',
    };

    expect(collectSecretValues(params).sort()).toEqual(
      ['0123456789abcdef0123456789abcdef', 'auth-pass', 'priv-pass', 'public', 'zabbix'].sort(),
    );
  });
});

describe(redactSecrets.name, () => {
  it.each([
    ['Incorrect value "abc123" for "tls_psk".', ['abc123'], 'Incorrect value "***" for "tls_psk".'],
    ['value s3cr and value s3cr', ['s3cr'], 'value *** and value ***'],
    ['longer secret-x wins', ['secret', 'secret-x'], 'longer *** wins'],
    ['nothing here', [''], 'nothing here'],
  ])('should redact %j with %j', (text, secrets, expected) => {
    expect(redactSecrets(text, secrets)).toBe(expected);
  });
});
