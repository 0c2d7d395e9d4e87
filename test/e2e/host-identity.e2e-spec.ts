import { type ZabbixHost } from '@lib/clients';
import { BridgeSystem } from './support/bridge-system';
import { NetboxDevices, type TestDevice } from './support/netbox-devices';
import { netboxWebhookBody } from './support/netbox-webhook';

jest.setTimeout(120_000);

/**
 * Issue 6, identity, end to end: NetBox allows one name on two devices (other sites), on a device and a VM,
 * and lets an object be renamed onto another's name. Each must get its own Zabbix host, neither overwritten,
 * and the collision must be visible on the job.
 */
describe('Host identity from NetBox to Zabbix (end to end)', () => {
  const system = new BridgeSystem({ fakeNetbox: true, environment: { SETTINGS_CACHE_MS: '0' } });
  const devices = new NetboxDevices(system);
  const prefix = system.prefix;

  async function hostNamed(name: string): Promise<ZabbixHost> {
    const host = await system.inspect.host(name);
    if (!host) throw new Error(`no Zabbix host "${name}"`);
    return host;
  }

  function ipsOf(host: ZabbixHost): string[] {
    return host.interfaces.map((row) => row.ip);
  }

  function identityOf(host: ZabbixHost): string | undefined {
    return host.tags.find((tag) => tag.tag === 'netbox-object')?.value;
  }

  async function lastWarning(device: TestDevice): Promise<string | null> {
    const jobs = await system.database.jobs(device.hostKey);
    return jobs.at(-1)?.warning ?? null;
  }

  beforeAll(async () => {
    await system.start();
  });

  afterEach(() => system.printLogsIfAssertionsFailed());

  afterAll(async () => {
    await system.stop();
  });

  it('should give two devices of one name at different sites two hosts, the second under its own name', async () => {
    const first = await devices.create('twin', { site: devices.reference('sites', 'Twin Site A') });
    await system.settle();
    const second = await devices.create('twin', { site: devices.reference('sites', 'Twin Site B') });
    await system.settle();

    const kept = await hostNamed(first.name);
    const other = await hostNamed(`${first.name}-device-${second.id}`);
    expect(kept.hostid).not.toBe(other.hostid);
    expect([ipsOf(kept), identityOf(kept)]).toEqual([[first.ip], first.hostKey]);
    expect([ipsOf(other), identityOf(other)]).toEqual([[second.ip], second.hostKey]);
    expect(other.name).toBe(`${first.name}-device-${second.id}`);
    expect(await lastWarning(second)).toBe(
      `name collision: "${first.name}" is held in Zabbix by ${first.hostKey}; this host is "${first.name}-device-${second.id}"`,
    );
    expect(await lastWarning(first)).toBeNull();
  });

  it('should give a device and a VM of one name two hosts', async () => {
    const device = await devices.create('shared');
    await system.settle();
    const vmId = device.id + 500_000;
    const vmIp = `198.19.${Math.floor(vmId / 250) % 250}.${(vmId % 250) + 1}`;
    system.netbox.upsertIpAddress({ id: vmId, address: `${vmIp}/24`, dns_name: '' });
    const vm = system.netbox.upsertVirtualMachine({
      id: vmId,
      name: device.name,
      status: { value: 'active', label: 'Active' },
      primary_ip4: vmId,
    });
    await system.deliver(netboxWebhookBody('virtualization.virtualmachine', 'created', vm));
    await system.settle();

    const deviceHost = await hostNamed(device.name);
    const vmHost = await hostNamed(`${device.name}-vm-${vmId}`);
    expect([ipsOf(deviceHost), identityOf(deviceHost)]).toEqual([[device.ip], device.hostKey]);
    expect([ipsOf(vmHost), identityOf(vmHost)]).toEqual([[vmIp], `virtualization.virtualmachine:${vmId}`]);
  });

  it('should not overwrite a host when another device is renamed onto its name', async () => {
    const holder = await devices.create('rename-target');
    const mover = await devices.create('rename-source');
    await system.settle();
    const before = await hostNamed(holder.name);
    const moverHost = await hostNamed(mover.name);

    devices.update(mover, { name: holder.name });
    await devices.announce(mover);
    await system.settle();

    const after = await hostNamed(holder.name);
    expect(after.hostid).toBe(before.hostid);
    expect([ipsOf(after), identityOf(after)]).toEqual([[holder.ip], holder.hostKey]);
    const moved = await hostNamed(`${holder.name}-device-${mover.id}`);
    expect(moved.hostid).toBe(moverHost.hostid);
    expect([ipsOf(moved), identityOf(moved)]).toEqual([[mover.ip], mover.hostKey]);
    expect((await system.database.jobs(mover.hostKey)).map((job) => job.status)).toEqual([
      'completed',
      'completed',
    ]);
    expect(await lastWarning(mover)).toContain(`"${holder.name}" is held in Zabbix by ${holder.hostKey}`);
  });

  it("should not adopt a host made by hand that carries another object's identity, and say why", async () => {
    const groups = await system.zabbix.ensureHostGroups([system.defaultHostGroup]);
    const name = `${prefix}foreign`;
    await system.zabbix.call('host.create', {
      host: name,
      groups: groups.map((group) => ({ groupid: group.groupid })),
      tags: [{ tag: 'netbox-object', value: 'dcim.device:1' }],
    });

    const device = await devices.create('foreign');
    await system.settle();

    const jobs = await system.database.jobs(device.hostKey);
    expect(jobs.map((job) => [job.kind, job.status])).toEqual([['CreateZabbixHost', 'failed']]);
    expect(jobs[0]?.error).toContain(`belongs to dcim.device:1, not ${device.hostKey}`);
    expect(ipsOf(await hostNamed(name))).toEqual([]);
  });
});
