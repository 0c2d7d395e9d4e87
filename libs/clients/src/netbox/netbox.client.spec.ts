import {
  AxiosError,
  AxiosHeaders,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import { PermanentError, RetryableError } from '@lib/contracts';
import { loadNetboxFixture } from '@lib/testing';
import { NetboxResponseShapeError } from './netbox-response-shape.error';
import { NetboxUnavailableError } from './netbox-unavailable.error';
import { NetboxClient, type NetboxClientOptions } from './netbox.client';

const V1_TOKEN = '0123456789abcdef0123456789abcdef01234567';
const V2_TOKEN = 'nbt_abcdef123456.Zx9Qm2Lr8Vt5Wn3Hb7Kc1Pd6Jf4Gs0Ye2Ua8Ro5Ti';

interface RecordedRequest {
  readonly url: URL;
  readonly authorization: string | undefined;
}

type Reply =
  | { readonly status: number; readonly body: string; readonly headers?: Record<string, string> }
  | { readonly networkCode: string; readonly message: string };

/** Plays NetBox at the HTTP adapter level: records each request, answers from a script. */
class ScriptedNetbox {
  readonly requests: RecordedRequest[] = [];

  constructor(private readonly answer: (request: RecordedRequest) => Reply) {}

  readonly adapter: AxiosAdapter = (config: InternalAxiosRequestConfig) => {
    const authorization = config.headers.get('Authorization');
    const request: RecordedRequest = {
      url: new URL(config.url ?? ''),
      authorization: typeof authorization === 'string' ? authorization : undefined,
    };
    this.requests.push(request);
    const reply = this.answer(request);
    if ('networkCode' in reply)
      return Promise.reject(new AxiosError(reply.message, reply.networkCode, config));
    const response: AxiosResponse<string> = {
      data: reply.body,
      status: reply.status,
      statusText: '',
      headers: new AxiosHeaders(reply.headers ?? {}),
      config,
    };
    return Promise.resolve(response);
  };
}

function page(results: unknown[], next: string | null = null, count: number | null = results.length): Reply {
  return { status: 200, body: JSON.stringify({ count, next, previous: null, results }) };
}

function client(netbox: ScriptedNetbox, options: Partial<NetboxClientOptions> = {}): NetboxClient {
  return new NetboxClient(
    { baseUrl: 'https://netbox.example.com', token: V1_TOKEN, timeoutMs: 1_000, ...options },
    netbox.adapter,
  );
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-error: ${String(error)}`);
  }
  throw new Error('expected a rejection');
}

describe(NetboxClient.name, () => {
  const devices = loadNetboxFixture<{ results: Record<string, unknown>[] }>(
    'rest-dcim-devices-list.json',
  ).results;
  const device101 = devices[0];

  describe('authorization', () => {
    it.each([
      [V1_TOKEN, undefined, `Token ${V1_TOKEN}`],
      [V2_TOKEN, undefined, `Bearer ${V2_TOKEN}`],
      [V1_TOKEN, 'Bearer' as const, `Bearer ${V1_TOKEN}`],
    ])('should send the header that fits the token when the token is %s', async (token, scheme, header) => {
      const netbox = new ScriptedNetbox(() => ({ status: 200, body: JSON.stringify(device101) }));

      await client(netbox, { token, authorizationScheme: scheme }).getDevice(101);

      expect(netbox.requests[0]?.authorization).toBe(header);
    });

    it('should refuse to start without repeating the token when the token has whitespace', () => {
      const attempt = (): unknown =>
        new NetboxClient({ baseUrl: 'https://netbox.example.com', token: `${V1_TOKEN} x`, timeoutMs: 1 });

      expect(attempt).toThrow(TypeError);
      expect(attempt).not.toThrow(V1_TOKEN);
    });
  });

  describe('URLs', () => {
    it.each([
      ['https://netbox.example.com', '/api/dcim/devices/101/'],
      ['https://netbox.example.com/', '/api/dcim/devices/101/'],
      ['https://netbox.example.com/api', '/api/dcim/devices/101/'],
      ['https://netbox.example.com/api/', '/api/dcim/devices/101/'],
      ['https://tools.example.com/netbox', '/netbox/api/dcim/devices/101/'],
      ['https://tools.example.com/netbox/api/', '/netbox/api/dcim/devices/101/'],
    ])('should request the device under %s', async (baseUrl, path) => {
      const netbox = new ScriptedNetbox(() => ({ status: 200, body: JSON.stringify(device101) }));

      await client(netbox, { baseUrl }).getDevice(101);

      expect(netbox.requests[0]?.url.pathname).toBe(path);
      expect(netbox.requests[0]?.url.search).toBe('?exclude=config_context');
    });

    it.each(['ftp://netbox.example.com', 'netbox.example.com', 'https://user:secret@netbox.example.com'])(
      'should refuse the base URL %s',
      (baseUrl) => {
        expect(() => new NetboxClient({ baseUrl, token: V1_TOKEN, timeoutMs: 1 })).toThrow(TypeError);
      },
    );

    it.each([0, -1, 1.5])('should refuse an id of %p without asking NetBox', async (id) => {
      const netbox = new ScriptedNetbox(() => ({ status: 200, body: '{}' }));

      await expect(client(netbox).getDevice(id)).rejects.toThrow(TypeError);
      expect(netbox.requests).toHaveLength(0);
    });
  });

  describe('lists', () => {
    it('should ask without config_context and with the page size when listing devices', async () => {
      const netbox = new ScriptedNetbox(() => page([device101]));

      await client(netbox, { pageSize: 250 }).listDevices({ site_id: 3, tag: ['zabbix', 'production'] });

      expect(Object.fromEntries(netbox.requests[0]?.url.searchParams ?? [])).toEqual({
        site_id: '3',
        tag: 'production',
        exclude: 'config_context',
        limit: '250',
        offset: '0',
      });
      expect(netbox.requests[0]?.url.searchParams.getAll('tag')).toEqual(['zabbix', 'production']);
    });

    it('should not ask NetBox when an id list is empty', async () => {
      const netbox = new ScriptedNetbox(() => page([]));

      await expect(client(netbox).listIpAddresses({ id: [] })).resolves.toEqual([]);
      expect(netbox.requests).toHaveLength(0);
    });

    it('should split a long id list into several requests when it exceeds the maximum', async () => {
      const ids = Array.from({ length: 250 }, (_, index) => index + 1);
      const netbox = new ScriptedNetbox((request) =>
        page(
          request.url.searchParams.getAll('id').map((id) => ({ id: Number(id), address: `10.0.0.${id}/32` })),
        ),
      );

      const addresses = await client(netbox, { maxIdsPerRequest: 100 }).listIpAddresses({ id: ids });

      expect(netbox.requests.map((request) => request.url.searchParams.getAll('id').length)).toEqual([
        100, 100, 50,
      ]);
      expect(addresses.map((address) => address.id)).toEqual(ids);
    });

    it('should follow next links on our own host when NetBox names another one', async () => {
      const netbox = new ScriptedNetbox((request) =>
        request.url.searchParams.get('offset') === '0'
          ? page([{ id: 1 }, { id: 2 }], 'http://internal:8000/api/extras/tags/?limit=2&offset=2', 3)
          : page([{ id: 3 }], null, 3),
      );

      const tags = await client(netbox, { pageSize: 2 }).listTags();

      expect(tags.map((tag) => tag.id)).toEqual([1, 2, 3]);
      expect(netbox.requests.map((request) => request.url.host)).toEqual([
        'netbox.example.com',
        'netbox.example.com',
      ]);
    });

    it('should yield an object once when offset paging sees it twice', async () => {
      const netbox = new ScriptedNetbox((request) =>
        request.url.searchParams.get('offset') === '0'
          ? page([{ id: 1 }, { id: 2 }], '/api/extras/tags/?limit=2&offset=2', 4)
          : page([{ id: 2 }, { id: 3 }], null, 4),
      );

      const tags = await client(netbox, { pageSize: 2 }).listTags();

      expect(tags.map((tag) => tag.id)).toEqual([1, 2, 3]);
    });

    it('should fail with a shape error when a list answer has no results', async () => {
      const netbox = new ScriptedNetbox(() => ({ status: 200, body: '{"detail": "odd"}' }));

      const error = await failure(client(netbox).listTags());

      expect(error).toBeInstanceOf(NetboxResponseShapeError);
      expect(error).toBeInstanceOf(PermanentError);
      expect(error.message).toContain('GET /api/extras/tags/?limit=500&offset=0');
    });

    it('should fail with a shape error when a result has no id', async () => {
      const netbox = new ScriptedNetbox(() => page([{ id: 1 }, { name: 'no id' }]));

      await expect(client(netbox).listTags()).rejects.toThrow('results[1] has no id');
    });

    it('should fail with a shape error when the next link points elsewhere', async () => {
      const netbox = new ScriptedNetbox(() =>
        page([{ id: 1 }], 'https://netbox.example.com/api/dcim/sites/?offset=1'),
      );

      await expect(client(netbox).listTags()).rejects.toBeInstanceOf(NetboxResponseShapeError);
    });
  });

  describe('failures', () => {
    it('should report a retryable invalid response when a 200 body is not JSON', async () => {
      const netbox = new ScriptedNetbox(() => ({ status: 200, body: '<html>Login</html>' }));

      const error = await failure(client(netbox).status());

      expect(error).toBeInstanceOf(NetboxUnavailableError);
      expect(error).toBeInstanceOf(RetryableError);
      expect(error).toMatchObject({ reason: 'invalid-response', status: 200 });
    });

    it('should honour Retry-After as a hint when NetBox is in maintenance', async () => {
      const netbox = new ScriptedNetbox(() => ({ status: 503, body: '', headers: { 'Retry-After': '45' } }));

      const error = await failure(client(netbox).getDevice(101));

      expect(error).toMatchObject({ status: 503, retryAfterMs: 45_000 });
    });

    it('should keep the token out of the error when the body echoes it', async () => {
      const netbox = new ScriptedNetbox(() => ({
        status: 500,
        body: `<pre>HTTP_AUTHORIZATION: Token ${V1_TOKEN}</pre>`,
      }));

      const error = await failure(client(netbox).getDevice(101));

      expect(error.message).not.toContain(V1_TOKEN);
      expect(error.message).toContain('***');
    });

    it('should keep the token out of the error when a network failure mentions it', async () => {
      const netbox = new ScriptedNetbox(() => ({
        networkCode: 'ECONNRESET',
        message: `reset while sending ${V2_TOKEN}`,
      }));

      const error = await failure(client(netbox, { token: V2_TOKEN }).getDevice(101));

      expect(error).toMatchObject({ reason: 'network', networkCode: 'ECONNRESET' });
      expect(error.message).not.toContain(V2_TOKEN);
      expect(JSON.stringify(error)).not.toContain(V2_TOKEN);
      expect(error.cause).toBeUndefined();
    });
  });
});
