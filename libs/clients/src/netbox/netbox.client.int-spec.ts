import { createServer, type Server } from 'node:net';
import { PermanentError, RetryableError } from '@lib/contracts';
import { FAKE_NETBOX_V1_TOKEN, FAKE_NETBOX_V2_TOKEN, FakeNetboxServer } from '@lib/testing';
import { NetboxAuthenticationError } from './netbox-authentication.error';
import { NetboxNotFoundError } from './netbox-not-found.error';
import { NetboxRequestError } from './netbox-request.error';
import { NetboxUnavailableError } from './netbox-unavailable.error';
import { NetboxClient, type NetboxClientOptions } from './netbox.client';

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-error: ${String(error)}`);
  }
  throw new Error('expected a rejection');
}

/** Against FakeNetboxServer over real HTTP on 127.0.0.1. */
describe(NetboxClient.name, () => {
  let netbox: FakeNetboxServer;
  const clients: NetboxClient[] = [];

  function connect(options: Partial<NetboxClientOptions> = {}): NetboxClient {
    const client = new NetboxClient({
      baseUrl: netbox.url,
      token: FAKE_NETBOX_V1_TOKEN,
      timeoutMs: 2_000,
      ...options,
    });
    clients.push(client);
    return client;
  }

  /** Devices 1001…1000+count at site 9, beside the fixtures' devices at site 3. */
  function addDevices(count: number): number[] {
    const ids = Array.from({ length: count }, (_, index) => 1001 + index);
    for (const id of ids) netbox.upsertDevice({ id, name: `paging-${id}`, site: 9, tags: ['paging'] });
    return ids;
  }

  beforeEach(async () => {
    netbox = await FakeNetboxServer.start();
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await netbox.close();
  });

  describe('status', () => {
    it('should read the NetBox version when asking /api/status/', async () => {
      const status = await connect().status();

      expect(status.netboxVersion).toBe('4.6.8');
      expect(status.version).toEqual({ major: 4, minor: 6, patch: 8 });
    });
  });

  describe('paging', () => {
    it('should collect every page when NetBox caps the page size below what was asked', async () => {
      await netbox.close();
      netbox = await FakeNetboxServer.start({ maxPageSize: 5 });
      const ids = addDevices(23);

      const devices = await connect({ pageSize: 10 }).listDevices({ site_id: 9 });

      expect(devices.map((device) => device.id)).toEqual(ids);
      const offsets = netbox.requests.map((request) => request.query.get('offset'));
      expect(offsets).toEqual(['0', '5', '10', '15', '20']);
      expect(netbox.requests.every((request) => request.query.get('limit') === '10')).toBe(true);
    });

    it('should stay on the configured host when next links name a wrong host and path prefix', async () => {
      await netbox.close();
      netbox = await FakeNetboxServer.start({
        maxPageSize: 4,
        basePath: '/netbox',
        nextLinkBase: 'http://netbox-internal.invalid:8080/other-prefix',
      });
      const ids = addDevices(10);

      const devices = await connect().listDevices({ tag: 'paging' });

      expect(devices.map((device) => device.id)).toEqual(ids);
      expect(netbox.requestCount('/api/dcim/devices/')).toBe(3);
    });

    it('should walk by cursor when asked to and NetBox supports it', async () => {
      await netbox.close();
      netbox = await FakeNetboxServer.start({ maxPageSize: 4 });
      const ids = addDevices(10);

      const devices = await connect({ pagination: 'cursor', pageSize: 4 }).listDevices({ site_id: 9 });

      expect(devices.map((device) => device.id)).toEqual(ids);
      expect(netbox.requests.map((request) => request.query.get('start'))).toEqual(['0', '1005', '1009']);
      expect(netbox.requests.every((request) => !request.query.has('offset'))).toBe(true);
    });

    it('should fall back to offsets when a NetBox before 4.6 ignores the cursor', async () => {
      await netbox.close();
      netbox = await FakeNetboxServer.start({ maxPageSize: 4, cursorPagination: false });
      const ids = addDevices(10);

      const devices = await connect({ pagination: 'cursor', pageSize: 4 }).listDevices({ site_id: 9 });

      expect(devices.map((device) => device.id)).toEqual(ids);
      expect(netbox.requests.map((request) => request.query.get('offset'))).toEqual([null, '4', '8']);
    });

    it('should yield objects one by one when iterating, asking for pages as they are needed', async () => {
      await netbox.close();
      netbox = await FakeNetboxServer.start({ maxPageSize: 5 });
      addDevices(12);
      const iterator = connect({ pageSize: 5 }).iterateDevices({ site_id: 9 });

      const first = await iterator.next();

      expect(first.value).toMatchObject({ id: 1001 });
      expect(netbox.requestCount()).toBe(1);
      await iterator.return(undefined);
    });

    it('should throw a retryable error from the iterator when a later page fails', async () => {
      await netbox.close();
      netbox = await FakeNetboxServer.start({ maxPageSize: 5 });
      addDevices(12);
      const seen: number[] = [];

      const error = await failure(
        (async () => {
          for await (const device of connect({ pageSize: 5 }).iterateDevices({ site_id: 9 })) {
            seen.push(device.id);
            if (seen.length === 5) netbox.failWith({ status: 502, times: 1 });
          }
        })(),
      );

      expect(seen).toHaveLength(5);
      expect(error).toBeInstanceOf(NetboxUnavailableError);
      expect(error).toMatchObject({ status: 502 });
      expect(error.message).toContain('offset=5');
    });
  });

  describe('objects', () => {
    it('should read a device without its config context when getting it by id', async () => {
      const device = await connect().getDevice(101);

      expect(device).toMatchObject({ id: 101, name: 'ams1-core-rtr01', primaryIp4: { id: 1201 } });
      expect(device.raw).not.toHaveProperty('config_context');
      expect(netbox.requests[0]?.query.get('exclude')).toBe('config_context');
    });

    it('should read a virtual machine when getting it by id', async () => {
      const machine = await connect().getVirtualMachine(201);

      expect(machine).toMatchObject({
        id: 201,
        cluster: { id: 2 },
        primaryIp4: { dnsName: 'app-web01.example.net' },
      });
    });

    it('should filter devices and VMs by id list, site, role, tag and status', async () => {
      const client = connect();

      const [byIds, byRole, byTag, byStatus, machines] = await Promise.all([
        client.listDevices({ id: [103, 101, 999] }),
        client.listDevices({ role_id: 6 }),
        client.listDevices({ tag: 'zabbix' }),
        client.listDevices({ site_id: 3, status: ['planned', 'offline'] }),
        client.listVirtualMachines({ tag: ['production', 'zabbix'] }),
      ]);

      expect(byIds.map((device) => device.id)).toEqual([101, 103]);
      expect(byRole.map((device) => device.id)).toEqual([102, 103]);
      expect(byTag.map((device) => device.id)).toEqual([101]);
      expect(byStatus.map((device) => device.id)).toEqual([102, 103]);
      expect(machines.map((machine) => machine.id)).toEqual([201]);
    });

    it('should list interfaces and IP addresses of a device and of a VM', async () => {
      const client = connect();

      const interfaces = await client.listInterfaces({ device_id: 101 });
      const machineInterfaces = await client.listVirtualMachineInterfaces({ virtual_machine_id: 201 });
      const deviceAddresses = await client.listIpAddresses({ device_id: 101 });
      const machineAddresses = await client.listIpAddresses({ virtual_machine_id: 201 });
      const byIds = await client.listIpAddresses({ id: [1301, 1201] });

      expect(interfaces.map((item) => item.name)).toEqual(['et-0/0/0', 'fxp0', 'lo0']);
      expect(machineInterfaces.map((item) => item.id)).toEqual([7001, 7002]);
      expect(deviceAddresses.map((address) => address.id)).toEqual([1201, 1202]);
      expect(machineAddresses.map((address) => [address.id, address.dnsName])).toEqual([
        [1301, 'app-web01.example.net'],
      ]);
      expect(byIds.map((address) => address.id)).toEqual([1201, 1301]);
    });

    it('should list tags and custom fields', async () => {
      const client = connect();

      const [tags, fields] = await Promise.all([client.listTags(), client.listCustomFields()]);

      expect(tags.map((tag) => tag.slug)).toEqual(['zabbix', 'production']);
      expect(fields.map((field) => field.name)).toEqual([
        'exclude_from_zabbix',
        'zabbix_proxy',
        'zabbix_interface',
      ]);
    });

    it('should see changes when the test changes NetBox between calls', async () => {
      const client = connect();
      netbox.upsertDevice({ id: 101, name: 'renamed', custom_fields: { zabbix_proxy: 'proxy-b' } });

      const device = await client.getDevice(101);

      expect(device.name).toBe('renamed');
      expect(device.customFields).toEqual({ exclude_from_zabbix: false, zabbix_proxy: 'proxy-b' });
      expect(device.lastUpdated).not.toBe('2026-08-20T09:14:03.401233Z');
    });
  });

  describe('authentication', () => {
    it.each([
      ['a v1 token with Token', FAKE_NETBOX_V1_TOKEN, 'Token'],
      ['a v2 token with Bearer', FAKE_NETBOX_V2_TOKEN, 'Bearer'],
    ])('should be accepted when sending %s', async (_case, token, scheme) => {
      const status = await connect({ token }).status();

      expect(status.netboxVersion).toBe('4.6.8');
      expect(netbox.requests[0]?.authorizationScheme).toBe(scheme);
    });

    it.each([
      ['an unknown v1 token', 'ffffffffffffffffffffffffffffffffffffffff', undefined, 'Invalid v1 token'],
      ['an unknown v2 token', 'nbt_unknownkey01.abcdefghijklmnop', undefined, 'Invalid v2 token'],
      [
        'a v2 token without its key',
        'nbt_abcdefghijklmnop',
        undefined,
        "Invalid authorization header: Could not parse key from v2 token. Did you mean to use 'Token' instead of 'Bearer'?",
      ],
    ])('should be refused with NetBox detail when sending %s', async (_case, token, scheme, detail) => {
      const error = await failure(connect({ token, authorizationScheme: scheme }).getDevice(101));

      expect(error).toBeInstanceOf(NetboxAuthenticationError);
      expect(error).toBeInstanceOf(PermanentError);
      expect(error).toMatchObject({ status: 403, detail });
      expect(error.message).toContain('GET /api/dcim/devices/101/');
      expect(error.message).not.toContain(token);
    });

    it('should be refused with Token expired when the token has expired', async () => {
      netbox.expireToken(FAKE_NETBOX_V2_TOKEN);

      const error = await failure(connect({ token: FAKE_NETBOX_V2_TOKEN }).listDevices());

      expect(error).toMatchObject({ status: 403, detail: 'Token expired' });
      expect(error.message).not.toContain(FAKE_NETBOX_V2_TOKEN);
    });
  });

  describe('errors', () => {
    it('should throw NetboxNotFoundError when the device does not exist', async () => {
      const error = await failure(connect().getDevice(999));

      expect(error).toBeInstanceOf(NetboxNotFoundError);
      expect(error).toBeInstanceOf(PermanentError);
      expect(error).toMatchObject({ detail: 'No Device matches the given query.' });
    });

    it('should throw NetboxNotFoundError when the device was deleted', async () => {
      const client = connect();
      await client.getDevice(102);
      netbox.deleteDevice(102);

      await expect(client.getDevice(102)).rejects.toBeInstanceOf(NetboxNotFoundError);
    });

    it('should throw a retryable NetboxUnavailableError with the Retry-After hint when NetBox answers 503', async () => {
      netbox.failWith({ status: 503, retryAfter: '30', times: 1 });
      const client = connect();

      const error = await failure(client.getVirtualMachine(201));

      expect(error).toBeInstanceOf(NetboxUnavailableError);
      expect(error).toBeInstanceOf(RetryableError);
      expect(error).toMatchObject({ reason: 'http-status', status: 503, retryAfterMs: 30_000 });
      await expect(client.getVirtualMachine(201)).resolves.toMatchObject({ id: 201 });
    });

    it('should throw a retryable timeout when NetBox answers too slowly', async () => {
      netbox.delayResponses(1_000);

      const started = Date.now();
      const error = await failure(connect({ timeoutMs: 150 }).getDevice(101));

      expect(error).toBeInstanceOf(NetboxUnavailableError);
      expect(error).toBeInstanceOf(RetryableError);
      expect(error).toMatchObject({ reason: 'timeout' });
      expect(Date.now() - started).toBeLessThan(900);
    });

    it('should throw a retryable network error when nothing listens', async () => {
      const port = await closedPort();
      const client = connect({ baseUrl: `http://127.0.0.1:${port}` });

      const error = await failure(client.status());

      expect(error).toBeInstanceOf(NetboxUnavailableError);
      expect(error).toMatchObject({ reason: 'network', networkCode: 'ECONNREFUSED' });
    });

    it('should throw NetboxRequestError with the field message when a filter value is invalid', async () => {
      const error = await failure(connect().listRecords('api/dcim/devices/', { site_id: 'abc' }));

      expect(error).toBeInstanceOf(NetboxRequestError);
      expect(error).toMatchObject({
        status: 400,
        messages: ['site_id: Select a valid choice. abc is not one of the available choices.'],
      });
    });
  });
});

/** A port that was free a moment ago and has nothing listening. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
