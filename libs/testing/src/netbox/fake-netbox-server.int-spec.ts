import { loadNetboxFixture } from '../fixtures';
import { FakeNetboxServer } from './fake-netbox-server';
import { FAKE_NETBOX_V1_TOKEN, FAKE_NETBOX_V2_TOKEN } from './fake-netbox-tokens';

interface Page {
  count: number | null;
  next: string | null;
  previous: string | null;
  results: Record<string, unknown>[];
}

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** FakeNetboxServer over HTTP, checked against the shapes of test/fixtures/netbox. */
describe(FakeNetboxServer.name, () => {
  let netbox: FakeNetboxServer;

  async function get(
    path: string,
    authorization: string | null = `Token ${FAKE_NETBOX_V1_TOKEN}`,
  ): Promise<Answer> {
    const response = await fetch(`${netbox.url}${path}`, {
      headers: authorization === null ? {} : { Authorization: authorization },
      redirect: 'manual',
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, body, headers: response.headers };
  }

  async function page(path: string): Promise<Page> {
    const answer = await get(path);
    expect(answer.status).toBe(200);
    return answer.body as Page;
  }

  beforeEach(async () => {
    netbox = await FakeNetboxServer.start({ nextLinkBase: 'https://netbox.example.com' });
  });

  afterEach(async () => {
    await netbox.close();
  });

  describe('authentication', () => {
    const errors = loadNetboxFixture<Record<string, { status: number; body: unknown }>>('rest-errors.json');

    it.each([
      ['no Authorization header', null, '403_no_credentials'],
      ['an unknown scheme word', `Basic ${FAKE_NETBOX_V1_TOKEN}`, '403_no_credentials'],
      ['an unknown v1 token', 'Token ffffffffffffffffffffffffffffffffffffffff', '403_invalid_v1_token'],
      ['an unknown v2 token', 'Bearer nbt_unknownkey01.secret', '403_invalid_v2_token'],
      ['a v2 token without its key', 'Bearer nbt_secret', '403_bad_v2_header'],
    ])('should answer as rest-errors.json when given %s', async (_case, authorization, expected) => {
      const answer = await get('/api/dcim/devices/', authorization);

      expect({ status: answer.status, body: answer.body }).toEqual(errors[expected]);
    });

    it.each([
      [`Token ${FAKE_NETBOX_V1_TOKEN}`],
      [`Bearer ${FAKE_NETBOX_V2_TOKEN}`],
      // NetBox 4.5+ tells versions apart by the nbt_ prefix, not by the scheme word.
      [`Bearer ${FAKE_NETBOX_V1_TOKEN}`],
      [`token ${FAKE_NETBOX_V2_TOKEN}`],
    ])('should accept %s', async (authorization) => {
      expect((await get('/api/status/', authorization)).status).toBe(200);
    });

    it('should answer Token expired when a token was expired', async () => {
      netbox.expireToken(FAKE_NETBOX_V1_TOKEN);

      expect((await get('/api/status/')).body).toEqual({ detail: 'Token expired' });
    });

    it('should answer Invalid v1 token when a token was revoked', async () => {
      netbox.revokeToken(FAKE_NETBOX_V1_TOKEN);

      expect((await get('/api/status/')).body).toEqual({ detail: 'Invalid v1 token' });
    });
  });

  describe('paging', () => {
    it('should answer the cursor fixture when asked the cursor fixture request', async () => {
      const fixture = loadNetboxFixture<Page>('rest-dcim-devices-cursor-page.json');

      const answer = await page('/api/dcim/devices/?start=0&limit=2&exclude=config_context');

      expect(answer).toEqual(fixture);
    });

    it('should clamp the limit to the maximum page size and link the next page with sorted keys', async () => {
      await netbox.close();
      netbox = await FakeNetboxServer.start({
        maxPageSize: 2,
        nextLinkBase: 'http://wrong-host.invalid:8080',
      });

      const first = await page('/api/dcim/devices/?site_id=3&limit=100');
      const last = await page('/api/dcim/devices/?site_id=3&limit=100&offset=2');

      expect(first).toMatchObject({ count: 3, previous: null });
      expect(first.results.map((device) => device.id)).toEqual([101, 102]);
      expect(first.next).toBe(
        'http://wrong-host.invalid:8080/api/dcim/devices/?limit=100&offset=2&site_id=3',
      );
      expect(last).toMatchObject({ count: 3, next: null });
      expect(last.previous).toBe('http://wrong-host.invalid:8080/api/dcim/devices/?limit=100&site_id=3');
    });

    it('should use PAGINATE_COUNT without a limit and MAX_PAGE_SIZE for limit=0', async () => {
      await netbox.close();
      netbox = await FakeNetboxServer.start({ defaultPageSize: 1, maxPageSize: 2 });

      expect((await page('/api/dcim/devices/')).results).toHaveLength(1);
      expect((await page('/api/dcim/devices/?limit=0')).results).toHaveLength(2);
    });

    it('should answer 400 as rest-errors.json when start and offset are combined', async () => {
      const answer = await get('/api/dcim/devices/?start=0&offset=0');

      expect(answer.status).toBe(400);
      expect(answer.body).toEqual(
        loadNetboxFixture<Record<string, { body: unknown }>>('rest-errors.json')['400_start_and_offset']
          ?.body,
      );
    });

    it('should ignore start when mimicking a NetBox before 4.6', async () => {
      await netbox.close();
      netbox = await FakeNetboxServer.start({ cursorPagination: false });

      const answer = await page('/api/dcim/devices/?start=102&limit=1');

      expect(answer.count).toBe(3);
      expect(answer.results.map((device) => device.id)).toEqual([101]);
    });
  });

  describe('rendering', () => {
    it('should drop config_context when asked to exclude it', async () => {
      const [full, slim] = await Promise.all([
        page('/api/dcim/devices/?id=101'),
        page('/api/dcim/devices/?id=101&exclude=config_context'),
      ]);

      expect(full.results[0]).toHaveProperty('config_context');
      expect(slim.results[0]).not.toHaveProperty('config_context');
    });

    it('should answer the brief fields when asked brief', async () => {
      const fixture = loadNetboxFixture<Page>('rest-dcim-devices-list-brief.json');

      const answer = await page('/api/dcim/devices/?brief=true&limit=3');

      expect(answer.results).toEqual(fixture.results);
    });

    it('should answer NetBox 404 details, 301 for a missing slash and 405 for writes', async () => {
      const missing = await get('/api/dcim/devices/999/');
      const unknownPath = await get('/api/dcim/cables/');
      const noSlash = await get('/api/dcim/devices/101?brief=1');
      const write = await fetch(`${netbox.url}/api/dcim/devices/`, {
        method: 'POST',
        headers: { Authorization: `Token ${FAKE_NETBOX_V1_TOKEN}` },
      });

      expect(missing).toMatchObject({ status: 404, body: { detail: 'No Device matches the given query.' } });
      expect(unknownPath.status).toBe(404);
      expect(noSlash.status).toBe(301);
      expect(noSlash.headers.get('location')).toBe('/api/dcim/devices/101/?brief=1');
      expect(write.status).toBe(405);
      await write.body?.cancel();
    });
  });

  describe('filters', () => {
    it.each([
      ['/api/dcim/devices/?id=103&id=101', [101, 103]],
      ['/api/dcim/devices/?role_id=6', [102, 103]],
      ['/api/dcim/devices/?site=ams1&status=active', [101]],
      ['/api/dcim/devices/?tag=zabbix', [101]],
      ['/api/dcim/devices/?last_updated__gte=2026-08-01T00:00:00Z', [101, 103]],
      ['/api/dcim/devices/?unknown_filter=1', [101, 102, 103]],
      ['/api/virtualization/virtual-machines/?tag=production&tag=zabbix', [201]],
      ['/api/virtualization/virtual-machines/?cluster_id=2&role_id=8', [201, 202]],
      ['/api/dcim/interfaces/?device_id=101', [5001, 5002, 5003]],
      ['/api/virtualization/interfaces/?virtual_machine_id=202', [7003]],
      ['/api/ipam/ip-addresses/?device_id=101', [1201, 1202]],
      ['/api/ipam/ip-addresses/?virtual_machine_id=201', [1301]],
      ['/api/ipam/ip-addresses/?interface_id=5001&family=6', [1202]],
    ])('should select %s', async (path, ids) => {
      const answer = await page(path);

      expect(answer.results.map((record) => record.id)).toEqual(ids);
    });

    it('should answer 400 with a field message when a filter value is not an id', async () => {
      const answer = await get('/api/dcim/devices/?site_id=abc');

      expect(answer).toMatchObject({
        status: 400,
        body: { site_id: ['Select a valid choice. abc is not one of the available choices.'] },
      });
    });
  });

  describe('changes', () => {
    it('should build nested objects from shortcuts when a device is upserted', async () => {
      netbox.upsertDevice({
        id: 150,
        name: 'edge01',
        site: 3,
        role: 4,
        primary_ip4: 1301,
        tags: ['zabbix', 'new-tag'],
      });

      const device = (await get('/api/dcim/devices/150/')).body as Record<string, unknown>;

      expect(device).toMatchObject({
        id: 150,
        name: 'edge01',
        display: 'edge01',
        url: 'https://netbox.example.com/api/dcim/devices/150/',
        site: { id: 3, slug: 'ams1' },
        role: { id: 4, slug: 'core-router' },
        primary_ip4: { id: 1301, address: '10.20.0.15/24', dns_name: 'app-web01.example.net' },
        tags: [{ slug: 'zabbix' }, { slug: 'new-tag' }],
        custom_fields: { exclude_from_zabbix: null, zabbix_proxy: null },
      });
      expect((await page('/api/extras/tags/?slug=new-tag')).results).toHaveLength(1);
    });

    it('should assign an IP address to an interface when given its type and id', async () => {
      netbox.upsertInterface({ id: 6001, device: 102, name: 'ge-0/0/1' });
      netbox.upsertIpAddress({
        id: 1401,
        address: '192.0.2.77/24',
        assigned_object_type: 'dcim.interface',
        assigned_object_id: 6001,
      });

      const answer = await page('/api/ipam/ip-addresses/?device_id=102');

      expect(answer.results).toHaveLength(1);
      expect(answer.results[0]).toMatchObject({
        id: 1401,
        display: '192.0.2.77/24',
        assigned_object: { id: 6001, name: 'ge-0/0/1', device: { id: 102, name: 'ams1-acc-sw01' } },
      });
    });

    it('should delete interfaces and unassign their IP addresses when a device is deleted', async () => {
      expect(netbox.deleteDevice(101)).toBe(true);

      expect((await page('/api/dcim/interfaces/?device_id=101')).results).toEqual([]);
      expect((await get('/api/ipam/ip-addresses/1201/')).body).toMatchObject({
        assigned_object: null,
        assigned_object_id: null,
      });
      expect(netbox.deleteDevice(101)).toBe(false);
    });

    it('should clear the primary IP when the IP address is deleted', async () => {
      netbox.deleteIpAddress(1301);

      expect((await get('/api/virtualization/virtual-machines/201/')).body).toMatchObject({
        primary_ip4: null,
        primary_ip: null,
      });
    });
  });

  describe('faults', () => {
    it('should fail the matching requests only, the given number of times', async () => {
      netbox.failWith({ status: 503, retryAfter: '7', times: 1, pathPrefix: '/api/dcim/' });

      const status = await get('/api/status/');
      const failed = await get('/api/dcim/devices/');
      const recovered = await get('/api/dcim/devices/');

      expect([status.status, failed.status, recovered.status]).toEqual([200, 503, 200]);
      expect(failed.headers.get('retry-after')).toBe('7');
      expect(netbox.requestCount('/api/dcim/devices/')).toBe(2);
      expect(netbox.requests.map((request) => request.status)).toEqual([200, 503, 200]);
    });

    it('should answer late when responses are delayed', async () => {
      netbox.delayResponses(200, { times: 1 });

      const started = Date.now();
      await get('/api/status/');

      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    });

    it('should close while a delayed answer is pending', async () => {
      netbox.delayResponses(10_000);
      const pending = get('/api/status/').catch((error: unknown) => error);

      await new Promise((resolve) => setTimeout(resolve, 50));
      await netbox.close();

      // fetch's TypeError comes from another realm than the test's: look at the message, not the class.
      await expect(pending).resolves.toHaveProperty('message', 'fetch failed');
    });
  });
});
