import { RetryableError } from '@lib/contracts';
import { CallLimiter } from './call-limiter';
import { ZabbixAlreadyExistsError } from './zabbix-already-exists.error';
import { ZabbixTransientApiError } from './zabbix-transient-api.error';
import { type MaintenanceSelector, type ZabbixDialect } from './zabbix-dialect';
import { compareZabbixIds } from './zabbix-ids';
import { readIds } from './zabbix-response-readers';
import { ZabbixResponseShapeError } from './zabbix-response-shape.error';
import { ZabbixRpcClient, type ZabbixConnectionOptions } from './zabbix-rpc.client';
import { type ZabbixVersion } from './zabbix-version';
import {
  type ZabbixHost,
  type ZabbixHostFields,
  type ZabbixHostGroup,
  type ZabbixHostName,
  type ZabbixHostUpdate,
  type ZabbixMaintenance,
  type ZabbixMaintenanceDetails,
  type ZabbixMaintenanceSpec,
  type ZabbixProxy,
  type ZabbixProxyGroup,
  type ZabbixProxyGroupDetails,
  type ZabbixTag,
  type ZabbixTemplate,
} from './zabbix.types';

const MAX_GROUP_CREATE_ATTEMPTS = 3;

/**
 * The typed Zabbix API the bridge uses. Every method is one JSON-RPC call (batched over names or ids)
 * unless its comment says otherwise; request shapes come from the server's version (see ZabbixDialect).
 */
export class ZabbixClient {
  /** One host group creation at a time per client: see ensureHostGroups. */
  private readonly groupCreation = new CallLimiter(1);

  constructor(private readonly rpc: ZabbixRpcClient) {}

  static create(options: ZabbixConnectionOptions): ZabbixClient {
    return new ZabbixClient(new ZabbixRpcClient(options));
  }

  version(): Promise<ZabbixVersion> {
    return this.rpc.version();
  }

  dialect(): Promise<ZabbixDialect> {
    return this.rpc.dialect();
  }

  /** Resolves when the API answers at all (apiinfo.version, not cached); for outage probes. */
  ping(): Promise<void> {
    return this.rpc.ping();
  }

  /** Calls sent so far, per JSON-RPC method (apiinfo.version and user.login included): for benchmarks and tests. */
  callCounts(): Record<string, number> {
    return this.rpc.callCounts();
  }

  /** Any authenticated call, for what the typed methods do not cover (tests, one-off tools). */
  call(method: string, params: unknown): Promise<unknown> {
    return this.rpc.call(method, params);
  }

  close(): Promise<void> {
    return this.rpc.close();
  }

  // ---------------------------------------------------------------------------------------------------------
  // host groups

  /** Sorted by id, so that the first of two groups with one name is the one every writer uses. */
  async findHostGroupsByName(names: readonly string[]): Promise<ZabbixHostGroup[]> {
    if (names.length === 0) return [];
    const dialect = await this.dialect();
    const groups = dialect.parseHostGroups(
      await this.call('hostgroup.get', dialect.hostGroupGetParams(names)),
    );
    return groups.sort((left, right) => compareZabbixIds(left.groupid, right.groupid));
  }

  /** Creates the host groups in one call; returns them in the order of `names`. */
  async createHostGroups(names: readonly string[]): Promise<ZabbixHostGroup[]> {
    if (names.length === 0) return [];
    const dialect = await this.dialect();
    const result = await this.call('hostgroup.create', dialect.hostGroupCreateParams(names));
    const groupids = readIds('hostgroup.create', result, 'groupids');
    if (groupids.length !== names.length) {
      throw new ZabbixResponseShapeError(
        'hostgroup.create',
        `${groupids.length} ids for ${names.length} groups`,
      );
    }
    return names.map((name, index) => ({ groupid: groupids[index] ?? '', name }));
  }

  /**
   * The named host groups, in the order of `names`, creating the missing ones. Zabbix 6.0 checks group names
   * in PHP, without a unique index: two calls creating the same group at the same moment may both succeed
   * (7.0's index makes the loser's insert fail, which is read as a race and retried). So
   * creations are serialised within this client (one writer process), and where writers in other processes
   * still produce a duplicate, everyone uses the group with the smallest id.
   */
  async ensureHostGroups(names: readonly string[]): Promise<ZabbixHostGroup[]> {
    const wanted = [...new Set(names)];
    const found = await this.findHostGroupsByName(wanted);
    if (missingNames(wanted, found).length === 0) return firstPerName(wanted, found);
    return this.groupCreation.run(async () => {
      let current = await this.findHostGroupsByName(wanted);
      for (let attempt = 1; ; attempt += 1) {
        const missing = missingNames(wanted, current);
        if (missing.length === 0) return firstPerName(wanted, current);
        if (attempt > MAX_GROUP_CREATE_ATTEMPTS) {
          throw new RetryableError(`host groups ${missing.join(', ')} are being created by someone else`);
        }
        try {
          await this.createHostGroups(missing);
        } catch (error) {
          // Another process created one of them first (the call is all-or-nothing): read and try the rest.
          // 6.0 says so ("already exists"); 7.0, where a unique index decides, fails the SQL insert instead.
          if (!(error instanceof ZabbixAlreadyExistsError) && !(error instanceof ZabbixTransientApiError)) {
            throw error;
          }
        }
        current = await this.findHostGroupsByName(wanted);
      }
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // templates, proxies, proxy groups

  /** Templates by technical name; names not found that way are tried as visible names (a second call). */
  async findTemplatesByName(names: readonly string[]): Promise<ZabbixTemplate[]> {
    if (names.length === 0) return [];
    const dialect = await this.dialect();
    const byHost = dialect.parseTemplates(
      await this.call('template.get', dialect.templateGetParams('host', names)),
    );
    const rest = names.filter((name) => !byHost.some((template) => template.host === name));
    if (rest.length === 0) return byHost;
    const byName = dialect.parseTemplates(
      await this.call('template.get', dialect.templateGetParams('name', rest)),
    );
    return [
      ...byHost,
      ...byName.filter((template) => !byHost.some((known) => known.templateid === template.templateid)),
    ];
  }

  async findProxiesByName(names: readonly string[]): Promise<ZabbixProxy[]> {
    if (names.length === 0) return [];
    const dialect = await this.dialect();
    return dialect.parseProxies(await this.call('proxy.get', dialect.proxyGetParams(names)));
  }

  /** Proxy groups exist from Zabbix 7.0: on older servers this fails with ZabbixUnsupportedFeatureError. */
  async findProxyGroupsByName(names: readonly string[]): Promise<ZabbixProxyGroup[]> {
    const dialect = await this.dialect();
    const params = dialect.proxyGroupGetParams(names);
    if (names.length === 0) return [];
    return dialect.parseProxyGroups(await this.call('proxygroup.get', params));
  }

  /**
   * Proxy groups with their failover delay, minimum online proxies, description and proxies, sorted by id.
   * Proxy groups exist from Zabbix 7.0: on older servers this fails with ZabbixUnsupportedFeatureError.
   */
  async getProxyGroupsByIds(proxyGroupids: readonly string[]): Promise<ZabbixProxyGroupDetails[]> {
    const dialect = await this.dialect();
    const params = dialect.proxyGroupDetailsGetParams({ proxyGroupids });
    if (proxyGroupids.length === 0) return [];
    const groups = dialect.parseProxyGroupDetails(await this.call('proxygroup.get', params));
    return groups.sort((left, right) => compareZabbixIds(left.proxyGroupid, right.proxyGroupid));
  }

  // ---------------------------------------------------------------------------------------------------------
  // hosts

  /** Hosts with interfaces, directly linked templates, groups, tags and inventory. */
  async getHostsByIds(hostids: readonly string[]): Promise<ZabbixHost[]> {
    if (hostids.length === 0) return [];
    const dialect = await this.dialect();
    const result = await this.call('host.get', dialect.hostGetParams({ hostids }));
    return parseHosts(dialect, result);
  }

  /**
   * Hosts by technical name (`host`, exact match), with the same details as getHostsByIds, sorted by id:
   * concurrent creates can leave two hosts with one name, and the first is the one to keep.
   */
  async getHostsByTechnicalNames(hosts: readonly string[]): Promise<ZabbixHost[]> {
    if (hosts.length === 0) return [];
    const dialect = await this.dialect();
    const result = await this.call('host.get', dialect.hostGetParams({ hosts }));
    return parseHosts(dialect, result).sort((left, right) => compareZabbixIds(left.hostid, right.hostid));
  }

  /** Hosts carrying a tag with exactly this value, with the same details as getHostsByIds, sorted by id. */
  async getHostsByTag(tag: ZabbixTag): Promise<ZabbixHost[]> {
    const dialect = await this.dialect();
    const result = await this.call('host.get', dialect.hostGetParams({ tag }));
    return parseHosts(dialect, result).sort((left, right) => compareZabbixIds(left.hostid, right.hostid));
  }

  /**
   * Hosts carrying any of these tags with exactly its value (one call, however many), with the same details
   * as getHostsByIds, sorted by id.
   */
  async getHostsByAnyTag(tags: readonly ZabbixTag[]): Promise<ZabbixHost[]> {
    if (tags.length === 0) return [];
    const dialect = await this.dialect();
    const result = await this.call('host.get', dialect.hostGetParams({ anyTag: tags }));
    return parseHosts(dialect, result).sort((left, right) => compareZabbixIds(left.hostid, right.hostid));
  }

  /** Ids and names of hosts whose technical or visible name starts with the given prefixes. */
  async findHostNamesStartingWith(prefixes: {
    readonly host: string;
    readonly name: string;
  }): Promise<ZabbixHostName[]> {
    const dialect = await this.dialect();
    return dialect.parseHostNames(await this.call('host.get', dialect.hostNamesStartingWithParams(prefixes)));
  }

  /** One host.create with groups, templates, interfaces, tags, inventory, proxy and TLS; returns the host id. */
  async createHost(fields: ZabbixHostFields): Promise<string> {
    const dialect = await this.dialect();
    const result = await this.call('host.create', dialect.hostCreateParams(fields));
    const [hostid] = readIds('host.create', result, 'hostids');
    if (hostid === undefined) throw new ZabbixResponseShapeError('host.create', 'no host id');
    return hostid;
  }

  /**
   * One host.create of many hosts; returns their ids in the order given. Zabbix creates all or none: one
   * host it rejects (a duplicate name, a template conflict) fails the whole call.
   */
  async createHosts(hosts: readonly ZabbixHostFields[]): Promise<string[]> {
    if (hosts.length === 0) return [];
    const dialect = await this.dialect();
    const result = await this.call(
      'host.create',
      hosts.map((fields) => dialect.hostCreateParams(fields)),
    );
    const hostids = readIds('host.create', result, 'hostids');
    if (hostids.length !== hosts.length) {
      throw new ZabbixResponseShapeError('host.create', `${hostids.length} ids for ${hosts.length} hosts`);
    }
    return hostids;
  }

  async updateHost(update: ZabbixHostUpdate): Promise<void> {
    const dialect = await this.dialect();
    await this.call('host.update', dialect.hostUpdateParams(update));
  }

  /**
   * One host.update of many hosts, each with its own fields (groups, interfaces, tags … replaced per host as
   * in updateHost). Zabbix updates all or none: one host it rejects (a duplicate name, a bad interface)
   * fails the whole call and changes nothing.
   */
  async updateHosts(updates: readonly ZabbixHostUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const dialect = await this.dialect();
    const result = await this.call(
      'host.update',
      updates.map((update) => dialect.hostUpdateParams(update)),
    );
    const hostids = readIds('host.update', result, 'hostids');
    if (hostids.length !== updates.length) {
      throw new ZabbixResponseShapeError('host.update', `${hostids.length} ids for ${updates.length} hosts`);
    }
  }

  async deleteHosts(hostids: readonly string[]): Promise<void> {
    if (hostids.length === 0) return;
    await this.call('host.delete', [...hostids]);
  }

  // ---------------------------------------------------------------------------------------------------------
  // maintenances

  /** The maintenances a host belongs to directly, with all their member host and group ids. */
  async getMaintenancesOfHost(hostid: string): Promise<ZabbixMaintenance[]> {
    const dialect = await this.dialect();
    return dialect.parseMaintenances(
      await this.call('maintenance.get', dialect.maintenanceGetParams([hostid])),
    );
  }

  /** Maintenances with their window, type, description and member ids, sorted by id. */
  async getMaintenancesByIds(maintenanceids: readonly string[]): Promise<ZabbixMaintenanceDetails[]> {
    if (maintenanceids.length === 0) return [];
    return this.maintenanceDetails({ maintenanceids });
  }

  /** Maintenances by exact name, with the same details as getMaintenancesByIds. */
  async findMaintenancesByName(names: readonly string[]): Promise<ZabbixMaintenanceDetails[]> {
    if (names.length === 0) return [];
    return this.maintenanceDetails({ names });
  }

  /** Replaces the maintenance's hosts (its groups and time periods stay as they are). */
  async updateMaintenanceHosts(maintenanceid: string, hostids: readonly string[]): Promise<void> {
    const dialect = await this.dialect();
    await this.call('maintenance.update', dialect.maintenanceUpdateHostsParams(maintenanceid, hostids));
  }

  /** Creates a maintenance; returns its id. */
  async createMaintenance(spec: ZabbixMaintenanceSpec): Promise<string> {
    const dialect = await this.dialect();
    const result = await this.call('maintenance.create', dialect.maintenanceCreateParams(spec));
    const [maintenanceid] = readIds('maintenance.create', result, 'maintenanceids');
    if (maintenanceid === undefined) {
      throw new ZabbixResponseShapeError('maintenance.create', 'no maintenance id returned');
    }
    return maintenanceid;
  }

  /** Rewrites a maintenance: window, type, description and hosts (replaced). */
  async updateMaintenance(maintenanceid: string, spec: ZabbixMaintenanceSpec): Promise<void> {
    const dialect = await this.dialect();
    await this.call('maintenance.update', dialect.maintenanceUpdateParams(maintenanceid, spec));
  }

  async deleteMaintenances(maintenanceids: readonly string[]): Promise<void> {
    if (maintenanceids.length === 0) return;
    await this.call('maintenance.delete', [...maintenanceids]);
  }

  private async maintenanceDetails(selector: MaintenanceSelector): Promise<ZabbixMaintenanceDetails[]> {
    const dialect = await this.dialect();
    const maintenances = dialect.parseMaintenanceDetails(
      await this.call('maintenance.get', dialect.maintenanceDetailsGetParams(selector)),
    );
    return maintenances.sort((left, right) => compareZabbixIds(left.maintenanceid, right.maintenanceid));
  }
}

function missingNames(wanted: readonly string[], found: readonly ZabbixHostGroup[]): string[] {
  return wanted.filter((name) => !found.some((group) => group.name === name));
}

/** `found` is sorted by id: the first group of each name is the oldest. */
function firstPerName(wanted: readonly string[], found: readonly ZabbixHostGroup[]): ZabbixHostGroup[] {
  return wanted.flatMap((name) => found.filter((group) => group.name === name).slice(0, 1));
}

function parseHosts(dialect: ZabbixDialect, result: unknown): ZabbixHost[] {
  if (!Array.isArray(result)) throw new ZabbixResponseShapeError('host.get', 'result is not an array');
  return result.map((raw) => dialect.parseHost(raw));
}
