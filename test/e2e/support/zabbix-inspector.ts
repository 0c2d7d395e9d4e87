import { type ZabbixClient, type ZabbixHost } from '@lib/clients';

type Row = Record<string, unknown>;

/** Host resource type and update action in `auditlog.get` (the same numbers from 6.0 to 7.x). */
const AUDIT_RESOURCE_HOST = 4;
const AUDIT_ACTION_UPDATE = 1;

function rows(method: string, value: unknown): Row[] {
  if (!Array.isArray(value)) throw new Error(`${method}: expected an array, got ${JSON.stringify(value)}`);
  return value.filter((item): item is Row => typeof item === 'object' && item !== null);
}

function firstId(method: string, value: unknown, key: string): string {
  const ids = typeof value === 'object' && value !== null ? (value as Row)[key] : undefined;
  const id: unknown = Array.isArray(ids) ? (ids as unknown[])[0] : undefined;
  if (typeof id !== 'string') throw new Error(`${method}: no ${key} in ${JSON.stringify(value)}`);
  return id;
}

function text(row: Row, key: string): string {
  const value = row[key];
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * What the e2e suites ask the real Zabbix directly, independent of the writer's own read paths where that
 * matters (raw `proxy_hostid`, SNMP `details`, items, audit log), and the objects they make by hand. Request
 * shapes that differ between 6.0 and 7.0 follow the server's version.
 */
export class ZabbixInspector {
  constructor(private readonly zabbix: ZabbixClient) {}

  async host(technicalName: string): Promise<ZabbixHost | undefined> {
    const [host] = await this.zabbix.getHostsByTechnicalNames([technicalName]);
    return host;
  }

  async hostById(hostid: string): Promise<ZabbixHost | undefined> {
    const [host] = await this.zabbix.getHostsByIds([hostid]);
    return host;
  }

  /** How many hosts carry exactly this technical name. */
  async countHosts(technicalName: string): Promise<number> {
    return (await this.zabbix.getHostsByTechnicalNames([technicalName])).length;
  }

  /** A host made by hand (no template), in a host group created when missing. */
  async createHost(technicalName: string, groupName: string, ip = '203.0.113.250'): Promise<string> {
    const [group] = await this.zabbix.ensureHostGroups([groupName]);
    if (!group) throw new Error(`host group ${groupName} was not created`);
    const result = await this.zabbix.call('host.create', {
      host: technicalName,
      groups: [{ groupid: group.groupid }],
      interfaces: [{ type: 1, main: 1, useip: 1, ip, dns: '', port: '10050' }],
    });
    return firstId('host.create', result, 'hostids');
  }

  /** An active proxy (6.0: `host` + `status` 5; 7.0: `name` + `operating_mode` 0). */
  async createProxy(name: string): Promise<string> {
    const dialect = await this.zabbix.dialect();
    const params = dialect.usesMonitoredBy ? { name, operating_mode: 0 } : { host: name, status: 5 };
    return firstId('proxy.create', await this.zabbix.call('proxy.create', params), 'proxyids');
  }

  /** The proxy that polls the host as Zabbix stores it: `proxy_hostid` (6.0) or `proxyid` (7.0); '0' none. */
  async proxyOf(hostid: string): Promise<string> {
    const dialect = await this.zabbix.dialect();
    const field = dialect.usesMonitoredBy ? 'proxyid' : 'proxy_hostid';
    const [host] = rows(
      'host.get',
      await this.zabbix.call('host.get', { output: [field], hostids: [hostid] }),
    );
    if (!host) throw new Error(`host ${hostid} not found`);
    return text(host, field);
  }

  /** A one-hour maintenance whose only member is the host. */
  async createMaintenance(name: string, hostid: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const result = await this.zabbix.call('maintenance.create', {
      name,
      active_since: now - 60,
      active_till: now + 3_600,
      hosts: [{ hostid }],
      timeperiods: [{ timeperiod_type: 0, start_date: now - 60, period: 3_600 }],
    });
    return firstId('maintenance.create', result, 'maintenanceids');
  }

  async maintenanceExists(maintenanceid: string): Promise<boolean> {
    const result = await this.zabbix.call('maintenance.get', {
      output: ['maintenanceid'],
      maintenanceids: [maintenanceid],
    });
    return rows('maintenance.get', result).length > 0;
  }

  /** The host's interfaces exactly as `hostinterface.get` returns them (SNMP `details` included). */
  async interfaces(hostid: string): Promise<Row[]> {
    return rows(
      'hostinterface.get',
      await this.zabbix.call('hostinterface.get', { output: 'extend', hostids: [hostid] }),
    );
  }

  /** Keys of every item on the host (templated or not), sorted. */
  async itemKeys(hostid: string): Promise<string[]> {
    const result = await this.zabbix.call('item.get', { output: ['key_'], hostids: [hostid] });
    return rows('item.get', result)
      .map((item) => text(item, 'key_'))
      .sort();
  }

  /** How many host.update calls changed the host, as Zabbix's audit log recorded them. */
  async auditedHostUpdates(hostid: string): Promise<number> {
    const result = await this.zabbix.call('auditlog.get', {
      output: ['auditid'],
      filter: { resourcetype: AUDIT_RESOURCE_HOST, action: AUDIT_ACTION_UPDATE, resourceid: hostid },
    });
    return rows('auditlog.get', result).length;
  }
}
