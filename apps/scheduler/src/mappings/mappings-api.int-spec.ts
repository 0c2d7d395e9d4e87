import { ApiClient } from '../../test/api-client';
import { SchedulerHarness } from '../../test/scheduler-harness';
import { HostMappingService } from './host-mapping.service';

jest.setTimeout(60_000);

const TOKEN = 'mappings-test-token-0123456789';

/** Device, VM, tag and inventory mappings through the API, on real PostgreSQL and NATS. */
describe(HostMappingService.name, () => {
  let harness: SchedulerHarness;
  let api: ApiClient;

  beforeAll(async () => {
    harness = await SchedulerHarness.start({ API_TOKENS: `admin:rw:${TOKEN}` });
    api = await ApiClient.listen(harness, TOKEN);
    const query = (sql: string) => harness.dataSource.query(sql);
    await query(`INSERT INTO host_group (id, name) VALUES (801, 'Routers'), (802, 'Core')`);
    await query(`INSERT INTO template (id, name) VALUES (801, 'Generic by SNMP')`);
    await query(`INSERT INTO proxy (id, name) VALUES (801, 'proxy-ams')`);
    await query(`INSERT INTO proxy_group (id, name) VALUES (801, 'pg-ams')`);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  describe('device and VM mappings', () => {
    it('should list the default mappings made on first start', async () => {
      const devices = await api.get('/api/device-mappings');
      const vms = await api.get('/api/vm-mappings?limit=10');

      expect(devices.status).toBe(200);
      expect(devices.body).toEqual(expect.objectContaining({ total: 1, limit: 100, offset: 0 }));
      expect((devices.body.items as Record<string, unknown>[])[0]).toEqual(
        expect.objectContaining({ name: 'Default device mapping', isDefault: true, sites: [] }),
      );
      expect(vms.body).toEqual(expect.objectContaining({ total: 1, limit: 10 }));
    });

    it('should create, read, update and delete a mapping', async () => {
      const created = await api.post('/api/device-mappings', {
        name: 'AMS routers',
        hostGroups: [801, 802],
        templates: [801],
        proxy: 801,
        interfaceType: 2,
        sites: [3],
        platforms: [5],
      });

      expect(created.status).toBe(201);
      const mapping = created.body.mapping as Record<string, unknown>;
      expect(mapping).toEqual(
        expect.objectContaining({
          name: 'AMS routers',
          isDefault: false,
          hostGroups: [
            { id: 801, name: 'Routers' },
            { id: 802, name: 'Core' },
          ],
          templates: [{ id: 801, name: 'Generic by SNMP' }],
          proxy: { id: 801, name: 'proxy-ams' },
          proxyGroup: null,
          interfaceType: 2,
          sites: [3],
          roles: [],
          platforms: [5],
        }),
      );
      expect(created.body).toHaveProperty('replanJobId');
      const id = Number(mapping.id);
      expect((await api.get(`/api/device-mappings/${id}`)).body).toEqual(mapping);

      const updated = await api.patch(`/api/device-mappings/${id}`, {
        proxy: null,
        proxyGroup: 801,
        hostGroups: [802],
        description: 'core routers',
      });
      expect(updated.status).toBe(200);
      expect(updated.body.mapping).toEqual(
        expect.objectContaining({
          proxy: null,
          proxyGroup: { id: 801, name: 'pg-ams' },
          hostGroups: [{ id: 802, name: 'Core' }],
          templates: [{ id: 801, name: 'Generic by SNMP' }],
          description: 'core routers',
          sites: [3],
        }),
      );

      const deleted = await api.delete(`/api/device-mappings/${id}`);
      expect(deleted.status).toBe(200);
      expect((await api.get(`/api/device-mappings/${id}`)).status).toBe(404);
    });

    it('should name each bad field in a 400', async () => {
      const answer = await api.post('/api/vm-mappings', {
        name: '',
        hostGroups: [],
        interfaceType: 7,
        sites: ['x'],
        isDefault: true,
      });

      expect(answer.status).toBe(400);
      expect(answer.body.fields).toEqual(
        expect.arrayContaining(['name', 'hostGroups', 'interfaceType', 'sites', 'isDefault']),
      );
    });

    it('should refuse unknown references, a taken name, and a proxy with a proxy group', async () => {
      const answer = await api.post('/api/device-mappings', {
        name: 'Default device mapping',
        hostGroups: [801, 999],
        templates: [998],
        proxy: 801,
        proxyGroup: 801,
      });

      expect(answer.status).toBe(400);
      expect(answer.body.fields).toEqual(['name', 'hostGroups', 'templates', 'proxyGroup']);
      expect(answer.body.message).toEqual(
        expect.arrayContaining(['hostGroups: unknown ids 999', 'templates: unknown ids 998']),
      );
    });

    it('should keep the default mapping: no filters, no delete', async () => {
      const defaultId = Number(
        ((await api.get('/api/device-mappings')).body.items as { id: number }[])[0]?.id,
      );

      const filtered = await api.patch(`/api/device-mappings/${defaultId}`, { sites: [1] });
      const deleted = await api.delete(`/api/device-mappings/${defaultId}`);
      const renamed = await api.patch(`/api/device-mappings/${defaultId}`, { templates: [801] });

      expect(filtered.status).toBe(400);
      expect(filtered.body.fields).toEqual(['sites']);
      expect(deleted.status).toBe(409);
      expect(renamed.status).toBe(200);
    });

    it('should answer 404 for an unknown mapping', async () => {
      expect((await api.patch('/api/vm-mappings/99999', { description: 'x' })).status).toBe(404);
      expect((await api.delete('/api/vm-mappings/99999')).status).toBe(404);
    });
  });

  describe('tag and inventory mappings', () => {
    it('should create, read, update and delete a tag mapping, one per object type', async () => {
      const created = await api.post('/api/tag-mappings', {
        objectType: 'device',
        selection: [
          ['Site', 'site.name'],
          ['NetBox tag', 'tags'],
        ],
      });
      expect(created.status).toBe(201);
      const id = Number((created.body.mapping as { id: number }).id);

      const again = await api.post('/api/tag-mappings', { objectType: 'device', selection: [] });
      const updated = await api.patch(`/api/tag-mappings/${id}`, { selection: [['Role', 'role.name']] });
      const listed = await api.get('/api/tag-mappings');

      expect(again.status).toBe(400);
      expect(again.body.fields).toEqual(['objectType']);
      expect(updated.body.mapping).toEqual({ id, objectType: 'device', selection: [['Role', 'role.name']] });
      expect(listed.body).toEqual(expect.objectContaining({ total: 1, items: [updated.body.mapping] }));
      expect((await api.delete(`/api/tag-mappings/${id}`)).status).toBe(200);
      expect((await api.get(`/api/tag-mappings/${id}`)).status).toBe(404);
    });

    it('should create an inventory mapping and name a bad selection entry', async () => {
      const created = await api.post('/api/inventory-mappings', {
        objectType: 'virtualmachine',
        selection: [['Platform', 'os', ['platform.name']]],
      });
      const bad = await api.post('/api/inventory-mappings', {
        objectType: 'device',
        selection: [['Platform', 'operating_system', ['platform.name']]],
      });

      expect(created.status).toBe(201);
      expect(bad.status).toBe(400);
      expect(bad.body.fields).toEqual(['selection']);
      expect(bad.body.message).toEqual([
        'selection[0][1] must be a Zabbix inventory field such as os or location',
      ]);
    });

    it('should name each bad field of a tag mapping in a 400', async () => {
      const answer = await api.post('/api/tag-mappings', { objectType: 'router', selection: [['Site']] });

      expect(answer.status).toBe(400);
      expect(answer.body.fields).toEqual(['objectType', 'selection']);
    });
  });
});
