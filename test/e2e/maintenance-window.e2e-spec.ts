import { randomInt } from 'node:crypto';
import { loadNetboxFixture } from '@lib/testing';
import { BridgeSystem } from './support/bridge-system';
import { netboxWebhookBody, type NetboxWebhookData } from './support/netbox-webhook';

jest.setTimeout(180_000);

interface MaintenanceView {
  readonly id: number;
  readonly name: string;
  readonly zabbixId: string | null;
  readonly status: string;
  readonly error: string | null;
  readonly jobInFlight: boolean;
  readonly hostConfigs: number[];
  readonly sites: number[];
}

/**
 * A maintenance window through the management API, as an operator makes one: created on one host, widened to
 * a NetBox site, deleted; each change seen in Zabbix with maintenance.get once its job has run, through the
 * three services as processes.
 */
describe('maintenance window through the management API (end to end)', () => {
  const system = new BridgeSystem();
  const deviceIds = [randomInt(100_000, 450_000), randomInt(450_000, 900_000)];
  const siteId = 3;
  const hostids: string[] = [];
  const hostConfigIds: number[] = [];
  const name = `${system.prefix}window`;
  const endTime = new Date(Date.now() + 60 * 60_000);
  let maintenanceId = 0;

  function deviceCreated(deviceId: number, index: number): string {
    const { data } = loadNetboxFixture<{ data: NetboxWebhookData }>('webhook-device-created.json');
    const deviceName = `${system.prefix}mnt-${index}`;
    return netboxWebhookBody('dcim.device', 'created', {
      ...data,
      id: deviceId,
      name: deviceName,
      display: deviceName,
      primary_ip4: {
        id: deviceId,
        address: `192.0.2.${20 + index}/24`,
        dns_name: '',
        family: { value: 4, label: 'IPv4' },
      },
    });
  }

  async function api(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${system.schedulerUrl}/maintenances${path}`, {
      method,
      headers: system.apiHeaders,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** The maintenance once its last job's result is applied: written to Zabbix (an id), or failed. */
  async function settled(): Promise<MaintenanceView> {
    return system.waitFor(
      async () => {
        const view = (await (await api('GET', `/${maintenanceId}`)).json()) as MaintenanceView;
        return !view.jobInFlight && (view.zabbixId !== null || view.error !== null) && view;
      },
      'the maintenance job to end',
      60_000,
    );
  }

  async function inZabbix(zabbixId: string) {
    const [maintenance] = await system.zabbix.getMaintenancesByIds([zabbixId]);
    return maintenance;
  }

  beforeAll(async () => {
    await system.start();
    for (const [index, deviceId] of deviceIds.entries()) {
      await system.deliver(deviceCreated(deviceId, index));
      const host = await system.waitFor(
        () => system.inspect.host(`${system.prefix}mnt-${index}`),
        `host ${index}`,
        60_000,
      );
      hostids.push(host.hostid);
    }
    await system.settle();
    for (const deviceId of deviceIds) {
      const hostConfig = await system.database.hostConfig('dcim.device', deviceId);
      if (!hostConfig) throw new Error(`no host config for device ${deviceId}`);
      hostConfigIds.push(hostConfig.id);
    }
  });

  afterAll(async () => {
    await system.stop();
  });

  afterEach(() => {
    system.printLogsIfAssertionsFailed();
  });

  it('should create the maintenance in Zabbix on the one host it targets, collecting no data', async () => {
    const answer = await api('POST', '', {
      name,
      description: 'e2e maintenance',
      endTime: endTime.toISOString(),
      disableDataCollection: true,
      hostConfigs: [hostConfigIds[0]],
    });
    expect(answer.status).toBe(202);
    maintenanceId = ((await answer.json()) as { maintenance: MaintenanceView }).maintenance.id;

    const view = await settled();

    expect(view).toMatchObject({ name, status: 'active', error: null, hostConfigs: [hostConfigIds[0]] });
    expect(view.zabbixId).toEqual(expect.any(String));
    const maintenance = await inZabbix(view.zabbixId ?? '');
    expect(maintenance).toMatchObject({ name, hostids: [hostids[0]], groupids: [], collectsData: false });
    // Zabbix keeps whole minutes: the scheduler sends the window aligned to them.
    const activeTill = maintenance?.activeTill ?? 0;
    expect(Math.abs(activeTill - endTime.getTime() / 1000)).toBeLessThan(60);
    expect(activeTill % 60).toBe(0);
  });

  it('should put every host of the site in the same Zabbix maintenance when the site is added as a target', async () => {
    const before = await settled();

    const answer = await api('PATCH', `/${maintenanceId}`, { sites: [siteId] });
    expect(answer.status).toBe(202);
    const view = await settled();

    expect(view).toMatchObject({ status: 'active', error: null, sites: [siteId], zabbixId: before.zabbixId });
    const maintenance = await inZabbix(view.zabbixId ?? '');
    expect(new Set(maintenance?.hostids)).toEqual(new Set(hostids));
  });

  it('should delete the maintenance in Zabbix and then its row, leaving the hosts', async () => {
    const { zabbixId } = await settled();

    const answer = await api('DELETE', `/${maintenanceId}`);
    expect(answer.status).toBe(202);
    await system.waitFor(
      async () => (await api('GET', `/${maintenanceId}`)).status === 404,
      'the maintenance row to go',
      60_000,
    );

    expect(await inZabbix(zabbixId ?? '')).toBeUndefined();
    expect(await system.zabbix.findMaintenancesByName([name])).toEqual([]);
    expect((await system.zabbix.getHostsByIds(hostids)).map((host) => host.hostid).sort()).toEqual(
      [...hostids].sort(),
    );
  });
});
