import { AxiosError, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { PermanentError, RetryableError } from '@lib/contracts';
import { ZabbixApiError } from './zabbix-api.error';
import { type ZabbixCall, type ZabbixCallObserver } from './zabbix-call-observer';
import { ZabbixRpcClient, type ZabbixConnectionOptions } from './zabbix-rpc.client';
import { ZabbixUnavailableError } from './zabbix-unavailable.error';

interface RecordedRequest {
  readonly method: string;
  readonly params: unknown;
  readonly auth?: unknown;
  readonly authorization?: string;
}

type Reply =
  | { readonly result: unknown }
  | { readonly error: { code: number; message: string; data: string } }
  | { readonly status: number; readonly body: string }
  | { readonly networkCode: string };

/** Plays a Zabbix API at the HTTP adapter level: records each request, answers from a script. */
class FakeZabbixApi {
  readonly requests: RecordedRequest[] = [];
  logins = 0;
  inFlight = 0;
  peakInFlight = 0;
  delayMs = 0;

  constructor(
    public version: string,
    private readonly answer: (request: RecordedRequest, api: FakeZabbixApi) => Reply = () => ({ result: [] }),
  ) {}

  get calls(): RecordedRequest[] {
    return this.requests.filter(
      (request) => request.method !== 'apiinfo.version' && request.method !== 'user.login',
    );
  }

  readonly adapter: AxiosAdapter = async (config: InternalAxiosRequestConfig) => {
    const body = JSON.parse(String(config.data)) as { method: string; params: unknown; auth?: unknown };
    const authorization = config.headers.get('Authorization');
    const request: RecordedRequest = {
      method: body.method,
      params: body.params,
      ...('auth' in body ? { auth: body.auth } : {}),
      ...(typeof authorization === 'string' ? { authorization } : {}),
    };
    this.requests.push(request);
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      const reply = this.reply(request);
      if ('networkCode' in reply) throw new AxiosError('connect failed', reply.networkCode, config);
      if ('status' in reply) return response(config, reply.status, reply.body);
      return response(config, 200, JSON.stringify({ jsonrpc: '2.0', id: 1, ...reply }));
    } finally {
      this.inFlight -= 1;
    }
  };

  private reply(request: RecordedRequest): Reply {
    if (request.method === 'apiinfo.version') return { result: this.version };
    if (request.method === 'user.login') {
      this.logins += 1;
      return { result: `session-${this.logins}` };
    }
    return this.answer(request, this);
  }
}

function response(config: InternalAxiosRequestConfig, status: number, data: string): AxiosResponse<unknown> {
  return { data, status, statusText: String(status), headers: {}, config };
}

const TOKEN = 'token-0123456789';
const withToken: ZabbixConnectionOptions = {
  url: 'http://zabbix.test/api_jsonrpc.php',
  apiToken: TOKEN,
  timeoutMs: 1_000,
  maxConcurrentCalls: 4,
};
const withPassword: ZabbixConnectionOptions = {
  url: 'http://zabbix.test/api_jsonrpc.php',
  username: 'Admin',
  password: 'pass-word-1',
  timeoutMs: 1_000,
  maxConcurrentCalls: 4,
};

describe(ZabbixRpcClient.name, () => {
  describe('version and authentication', () => {
    it.each(['6.0.14', '7.0.0', '7.2.0'])(
      'should ask %s for its version without any auth',
      async (version) => {
        const api = new FakeZabbixApi(version);
        const client = new ZabbixRpcClient(withToken, api.adapter);

        const parsed = await client.version();

        expect(parsed.toString()).toBe(version);
        expect(api.requests).toEqual([{ method: 'apiinfo.version', params: {} }]);
      },
    );

    it.each([
      ['6.0.14', { auth: TOKEN }],
      ['6.2.0', { auth: TOKEN }],
      ['6.4.0', { authorization: `Bearer ${TOKEN}` }],
      ['7.0.0', { authorization: `Bearer ${TOKEN}` }],
      ['7.2.0', { authorization: `Bearer ${TOKEN}` }],
    ])('should place an API token for %s as %j', async (version, placement) => {
      const api = new FakeZabbixApi(version);
      const client = new ZabbixRpcClient(withToken, api.adapter);

      await client.call('host.get', { output: ['hostid'] });

      expect(api.calls).toEqual([{ method: 'host.get', params: { output: ['hostid'] }, ...placement }]);
    });

    it.each([
      ['6.0.14', { auth: 'session-1' }],
      ['7.2.0', { authorization: 'Bearer session-1' }],
    ])('should log in once with username for %s and place the session as %j', async (version, placement) => {
      const api = new FakeZabbixApi(version);
      const client = new ZabbixRpcClient(withPassword, api.adapter);

      await Promise.all([
        client.call('host.get', {}),
        client.call('hostgroup.get', {}),
        client.call('proxy.get', {}),
      ]);

      const login = api.requests.find((request) => request.method === 'user.login');
      expect(login).toEqual({ method: 'user.login', params: { username: 'Admin', password: 'pass-word-1' } });
      expect(api.logins).toBe(1);
      expect(api.calls).toHaveLength(3);
      for (const call of api.calls) expect(call).toMatchObject(placement);
    });

    it('should log in again once and resend when the session was terminated', async () => {
      const api = new FakeZabbixApi('6.0.14', (request) =>
        request.auth === 'session-1'
          ? {
              error: {
                code: -32602,
                message: 'Invalid params.',
                data: 'Session terminated, re-login, please.',
              },
            }
          : { result: ['ok'] },
      );
      const client = new ZabbixRpcClient(withPassword, api.adapter);

      await expect(client.call('host.get', {})).resolves.toEqual(['ok']);

      expect(api.logins).toBe(2);
      expect(api.calls.map((call) => call.auth)).toEqual(['session-1', 'session-2']);
    });

    it('should give up after one new login when the new session is refused too', async () => {
      const api = new FakeZabbixApi('7.0.0', () => ({
        error: { code: -32602, message: 'Invalid params.', data: 'Not authorized.' },
      }));
      const client = new ZabbixRpcClient(withPassword, api.adapter);

      await expect(client.call('host.get', {})).rejects.toBeInstanceOf(ZabbixApiError);

      expect(api.logins).toBe(2);
      expect(api.calls).toHaveLength(2);
    });

    it('should not try to log in when an API token is refused', async () => {
      const api = new FakeZabbixApi('7.0.0', () => ({
        error: { code: -32602, message: 'Invalid params.', data: 'Not authorized.' },
      }));
      const client = new ZabbixRpcClient(withToken, api.adapter);

      await expect(client.call('host.get', {})).rejects.toBeInstanceOf(PermanentError);

      expect(api.logins).toBe(0);
      expect(api.calls).toHaveLength(1);
    });

    it('should ask for the version again after a failed discovery', async () => {
      let failures = 1;
      const api = new FakeZabbixApi('6.0.14');
      const flaky: AxiosAdapter = (config) => {
        if (failures-- > 0) return Promise.reject(new AxiosError('refused', 'ECONNREFUSED', config));
        return api.adapter(config);
      };
      const client = new ZabbixRpcClient(withToken, flaky);

      await expect(client.version()).rejects.toBeInstanceOf(ZabbixUnavailableError);
      await expect(client.version()).resolves.toMatchObject({ major: 6, minor: 0 });
    });

    it('should log the session out on close', async () => {
      const api = new FakeZabbixApi('6.0.14', () => ({ result: true }));
      const client = new ZabbixRpcClient(withPassword, api.adapter);
      await client.call('host.get', {});

      await client.close();

      expect(api.calls.at(-1)).toEqual({ method: 'user.logout', params: [], auth: 'session-1' });
    });

    it('should refuse options without a token or a password', () => {
      expect(() => new ZabbixRpcClient({ ...withPassword, password: undefined })).toThrow(TypeError);
    });
  });

  describe('limits', () => {
    it('should keep at most maxConcurrentCalls requests in flight', async () => {
      const api = new FakeZabbixApi('7.0.0');
      api.delayMs = 5;
      const client = new ZabbixRpcClient({ ...withToken, maxConcurrentCalls: 2 }, api.adapter);

      await Promise.all(Array.from({ length: 8 }, (_, index) => client.call('host.get', { index })));

      expect(api.calls).toHaveLength(8);
      expect(api.peakInFlight).toBe(2);
      expect(client.load).toEqual({ inFlight: 0, waiting: 0 });
    });

    it('should count the calls it sends per method, failed ones included', async () => {
      const api = new FakeZabbixApi('7.0.0', (request) =>
        request.method === 'host.create'
          ? { error: { code: -32602, message: 'Invalid params.', data: 'bad' } }
          : { result: [] },
      );
      const client = new ZabbixRpcClient(withToken, api.adapter);

      await client.call('host.get', {});
      await client.call('host.get', {});
      await expect(client.call('host.create', {})).rejects.toBeInstanceOf(ZabbixApiError);

      expect(client.callCounts()).toEqual({ 'apiinfo.version': 1, 'host.get': 2, 'host.create': 1 });
    });

    it('should tell the observer each call with its latency and typed error, and go on when it throws', async () => {
      const api = new FakeZabbixApi('7.0.0', (request) =>
        request.method === 'host.create'
          ? { error: { code: -32602, message: 'Invalid params.', data: 'bad' } }
          : { result: [] },
      );
      api.delayMs = 5;
      const seen: ZabbixCall[] = [];
      const observer: ZabbixCallObserver = {
        called: (call) => {
          seen.push(call);
          throw new Error('a broken observer');
        },
      };
      const client = new ZabbixRpcClient({ ...withToken, observer }, api.adapter);

      await client.call('host.get', {});
      await expect(client.call('host.create', {})).rejects.toBeInstanceOf(ZabbixApiError);

      expect(seen.map((call) => [call.method, call.error?.constructor.name])).toEqual([
        ['apiinfo.version', undefined],
        ['host.get', undefined],
        ['host.create', 'ZabbixApiError'],
      ]);
      expect(seen.every((call) => call.durationMs >= 4)).toBe(true);
    });
  });

  describe('errors', () => {
    it.each<
      [
        string,
        Reply,
        new (...args: never[]) => Error,
        new (...args: never[]) => Error,
        Record<string, unknown>,
      ]
    >([
      [
        'HTTP 503',
        { status: 503, body: '<html>busy</html>' },
        ZabbixUnavailableError,
        RetryableError,
        { status: 503 },
      ],
      ['HTTP 429', { status: 429, body: '' }, ZabbixUnavailableError, RetryableError, { status: 429 }],
      ['HTTP 404', { status: 404, body: 'not found' }, PermanentError, PermanentError, { status: 404 }],
      [
        'an HTML body',
        { status: 200, body: '<html>PHP fatal error</html>' },
        ZabbixUnavailableError,
        RetryableError,
        { reason: 'invalid-response' },
      ],
      [
        'an empty body',
        { status: 200, body: '' },
        ZabbixUnavailableError,
        RetryableError,
        { reason: 'invalid-response' },
      ],
      [
        'a refused connection',
        { networkCode: 'ECONNREFUSED' },
        ZabbixUnavailableError,
        RetryableError,
        { reason: 'network' },
      ],
      [
        'a timeout',
        { networkCode: 'ECONNABORTED' },
        ZabbixUnavailableError,
        RetryableError,
        { reason: 'timeout' },
      ],
      [
        'a JSON-RPC error',
        {
          error: {
            code: -32500,
            message: 'Application error.',
            data: 'No permissions to referred object or it does not exist!',
          },
        },
        ZabbixApiError,
        PermanentError,
        { code: -32500, data: 'No permissions to referred object or it does not exist!' },
      ],
    ])('should map %s to %p', async (_label, reply, type, family, fields) => {
      const api = new FakeZabbixApi('7.0.0', () => reply);
      const client = new ZabbixRpcClient(withToken, api.adapter);

      const failure = await client.call('host.get', {}).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(type);
      expect(failure).toBeInstanceOf(family);
      expect(failure).toMatchObject({ method: 'host.get', ...fields });
      expect(String((failure as Error).message)).not.toContain(TOKEN);
    });

    it('should never echo a token, a password or a PSK in an error', async () => {
      const psk = 'abcdef0123456789abcdef0123456789';
      const api = new FakeZabbixApi('6.0.14', (request) => ({
        error: {
          code: -32602,
          message: 'Invalid params.',
          data: `bad auth ${String(request.auth)} / pass-word-1 / ${psk}`,
        },
      }));
      const client = new ZabbixRpcClient(withPassword, api.adapter);

      const failure = (await client
        .call('host.update', { hostid: '1', tls_psk: psk })
        .catch((error: unknown) => error)) as ZabbixApiError;

      expect(failure).toBeInstanceOf(ZabbixApiError);
      expect(failure.data).toBe('bad auth *** / *** / ***');
      expect(failure.message).not.toMatch(/session-1|pass-word-1|abcdef0123/);
    });
  });
});
