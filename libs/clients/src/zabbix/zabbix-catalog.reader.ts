import {
  type JsonRecord,
  readInteger,
  readOptionalInteger,
  readOptionalString,
  readRecords,
  readRelated,
  readString,
  isRecord,
} from './zabbix-response-readers';
import { type ZabbixClient } from './zabbix.client';
import {
  type ZabbixCatalog,
  type ZabbixCatalogProxy,
  type ZabbixCatalogProxyGroup,
  type ZabbixCatalogTemplate,
} from './zabbix-catalog.types';
import { type ZabbixHostGroup } from './zabbix.types';

/**
 * Reads everything the bridge caches from Zabbix, whole: host groups, templates with their parents and
 * trigger dependencies, proxies and (7.0+) proxy groups. Five calls; each is one JSON-RPC request through
 * the client (its limits, authentication and error mapping apply).
 */
export class ZabbixCatalogReader {
  constructor(private readonly client: ZabbixClient) {}

  async read(): Promise<ZabbixCatalog> {
    const dialect = await this.client.dialect();
    const withProxyGroups = dialect.supportsProxyGroups;
    return {
      version: dialect.version.toString(),
      hostGroups: await this.hostGroups(),
      templates: await this.templates(),
      proxies: await this.proxies(dialect.version.isAtLeast(7, 0)),
      proxyGroups: withProxyGroups ? await this.proxyGroups() : null,
    };
  }

  async hostGroups(): Promise<ZabbixHostGroup[]> {
    const method = 'hostgroup.get';
    const result = await this.client.call(method, { output: ['groupid', 'name'] });
    return readRecords(method, result).map((record) => ({
      groupid: readString(method, record, 'groupid'),
      name: readString(method, record, 'name'),
    }));
  }

  async templates(): Promise<ZabbixCatalogTemplate[]> {
    const method = 'template.get';
    const templates = readRecords(
      method,
      await this.client.call(method, {
        output: ['templateid', 'host', 'name'],
        selectParentTemplates: ['templateid'],
      }),
    );
    const dependencies = await this.templateDependencies();
    return templates.map((record) => {
      const templateid = readString(method, record, 'templateid');
      return {
        templateid,
        host: readString(method, record, 'host'),
        name: readString(method, record, 'name'),
        parentTemplateids: readRelated(method, record, ['parentTemplates'])
          .map((parent) => readString(method, parent, 'templateid'))
          .sort(),
        dependencyTemplateids: [...(dependencies.get(templateid) ?? [])].sort(),
      };
    });
  }

  /** Template → the other templates its triggers depend on, from every templated trigger (one call). */
  private async templateDependencies(): Promise<Map<string, Set<string>>> {
    const method = 'trigger.get';
    const triggers = readRecords(
      method,
      await this.client.call(method, {
        templated: true,
        output: ['triggerid'],
        selectHosts: ['hostid'],
        selectDependencies: ['triggerid'],
      }),
    );
    const templateOf = new Map<string, string>();
    for (const trigger of triggers) {
      const [host] = readRelated(method, trigger, ['hosts']);
      if (host) templateOf.set(readString(method, trigger, 'triggerid'), readString(method, host, 'hostid'));
    }
    const dependencies = new Map<string, Set<string>>();
    for (const trigger of triggers) {
      const template = templateOf.get(readString(method, trigger, 'triggerid'));
      if (template === undefined) continue;
      for (const dependency of readRelated(method, trigger, ['dependencies'])) {
        const other = templateOf.get(readString(method, dependency, 'triggerid'));
        if (other === undefined || other === template) continue;
        const set = dependencies.get(template) ?? new Set<string>();
        set.add(other);
        dependencies.set(template, set);
      }
    }
    return dependencies;
  }

  async proxies(zabbix7: boolean): Promise<ZabbixCatalogProxy[]> {
    const method = 'proxy.get';
    const params: JsonRecord = zabbix7
      ? { output: 'extend' }
      : { output: 'extend', selectInterface: ['ip', 'dns', 'useip', 'port'] };
    const records = readRecords(method, await this.client.call(method, params));
    return records.map((record) => (zabbix7 ? proxy7(method, record) : proxy6(method, record)));
  }

  async proxyGroups(): Promise<ZabbixCatalogProxyGroup[]> {
    const method = 'proxygroup.get';
    const result = await this.client.call(method, {
      output: ['proxy_groupid', 'name', 'failover_delay', 'min_online', 'description'],
    });
    return readRecords(method, result).map((record) => ({
      proxyGroupid: readString(method, record, 'proxy_groupid'),
      name: readString(method, record, 'name'),
      failoverDelay: readOptionalString(record, 'failover_delay') ?? '1m',
      minOnline: readOptionalInteger(record, 'min_online') ?? 1,
      description: readOptionalString(record, 'description') ?? '',
    }));
  }
}

function tls(
  method: string,
  record: JsonRecord,
): Pick<ZabbixCatalogProxy, 'tlsConnect' | 'tlsAccept' | 'tlsIssuer' | 'tlsSubject'> {
  return {
    tlsConnect: readInteger(method, record, 'tls_connect'),
    tlsAccept: readInteger(method, record, 'tls_accept'),
    tlsIssuer: emptyToNull(readOptionalString(record, 'tls_issuer')),
    tlsSubject: emptyToNull(readOptionalString(record, 'tls_subject')),
  };
}

function proxy7(method: string, record: JsonRecord): ZabbixCatalogProxy {
  const passive = readInteger(method, record, 'operating_mode') === 1;
  const proxyGroupid = readOptionalString(record, 'proxy_groupid');
  return {
    proxyid: readString(method, record, 'proxyid'),
    name: readString(method, record, 'name'),
    proxyGroupid: proxyGroupid === undefined || proxyGroupid === '0' ? null : proxyGroupid,
    description: readOptionalString(record, 'description') ?? '',
    operatingMode: passive ? 1 : 0,
    address: passive ? emptyToNull(readOptionalString(record, 'address')) : null,
    port: passive ? (readOptionalInteger(record, 'port') ?? null) : null,
    allowedAddresses: passive ? null : emptyToNull(readOptionalString(record, 'allowed_addresses')),
    localAddress: emptyToNull(readOptionalString(record, 'local_address')),
    localPort: readOptionalInteger(record, 'local_port') ?? null,
    ...tls(method, record),
  };
}

/** 6.0: `host` is the name, `status` 5 active / 6 passive, a passive proxy's address is its interface. */
function proxy6(method: string, record: JsonRecord): ZabbixCatalogProxy {
  const passive = readInteger(method, record, 'status') === 6;
  const face = isRecord(record.interface) ? record.interface : {};
  const useIp = readOptionalString(face, 'useip') !== '0';
  return {
    proxyid: readString(method, record, 'proxyid'),
    name: readString(method, record, 'host'),
    proxyGroupid: null,
    description: readOptionalString(record, 'description') ?? '',
    operatingMode: passive ? 1 : 0,
    address: passive ? emptyToNull(readOptionalString(face, useIp ? 'ip' : 'dns')) : null,
    port: passive ? (readOptionalInteger(face, 'port') ?? null) : null,
    allowedAddresses: passive ? null : emptyToNull(readOptionalString(record, 'proxy_address')),
    localAddress: null,
    localPort: null,
    ...tls(method, record),
  };
}

function emptyToNull(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}
