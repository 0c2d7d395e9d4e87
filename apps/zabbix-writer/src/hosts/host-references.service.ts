import { Inject, Injectable, Optional } from '@nestjs/common';
import { InvalidMessageError, PermanentError, type DesiredHost } from '@lib/contracts';
import { ZabbixClient, type ZabbixMonitoring } from '@lib/clients';
import { REFERENCE_CACHE_MS } from '../writer.tokens';
import { type ResolvedReferences } from './domain/host-fields';
import { MissingZabbixObjectsError } from './domain/missing-zabbix-objects.error';
import { ReferenceCache } from './domain/reference-cache';
import { matchTemplates, monitoringRequestOf, type MonitoringRequest } from './domain/reference-resolution';

/** The references of one desired host, or why it has none (an unknown template, no host group, …). */
export type ReferenceResolution =
  | { readonly ok: true; readonly references: ResolvedReferences }
  | { readonly ok: false; readonly error: unknown };

interface Resolved {
  readonly desired: DesiredHost;
  readonly templateids: string[];
  readonly monitoring: ZabbixMonitoring;
}

interface Requested {
  readonly desired: DesiredHost;
  readonly monitoring: MonitoringRequest;
}

/**
 * Turns the names in desired hosts into Zabbix ids: templates and the proxy (or proxy group) must exist,
 * host groups are created when missing. For a whole batch at once: one template.get, one proxy.get (or
 * proxygroup.get) and one hostgroup.get for all its names, fewer when ids are cached (REFERENCE_CACHE_MS;
 * none without it). Lookups without side effects run first, so that a host failing on an unknown template
 * creates nothing; it fails alone, the others of its batch go on.
 */
@Injectable()
export class HostReferencesService {
  private readonly cache: ReferenceCache;

  constructor(
    private readonly zabbix: ZabbixClient,
    @Optional() @Inject(REFERENCE_CACHE_MS) private readonly cacheMs = 0,
  ) {
    this.cache = new ReferenceCache(cacheMs);
  }

  async resolve(desired: DesiredHost): Promise<ResolvedReferences> {
    const [resolution] = await this.resolveAll([desired]);
    if (!resolution) throw new Error('no resolution for the desired host');
    if (!resolution.ok) throw resolution.error;
    return resolution.references;
  }

  /** Whether ids are cached at all (REFERENCE_CACHE_MS > 0). */
  get caching(): boolean {
    return this.cacheMs > 0;
  }

  /** Forgets cached ids: after Zabbix rejected a write that used them, they may be stale. */
  invalidate(): void {
    this.cache.clear();
  }

  /**
   * One resolution per desired host, in order. Failures of one host (unknown names, an invalid job, proxy
   * groups before 7.0) are its own; a failure of the calls themselves (Zabbix unreachable) is thrown.
   */
  async resolveAll(desireds: readonly DesiredHost[]): Promise<ReferenceResolution[]> {
    const now = Date.now();
    const pending = desireds.map((desired): Requested | { readonly error: unknown } => {
      try {
        if (desired.groups.length === 0) {
          throw new InvalidMessageError('the desired host has no host group; Zabbix needs at least one');
        }
        return { desired, monitoring: monitoringRequestOf(desired) };
      } catch (error) {
        return { error };
      }
    });
    const valid = pending.filter((item): item is Requested => 'desired' in item);
    const uncached = (kind: 'template' | 'proxy' | 'proxy group' | 'group', names: string[]): string[] =>
      [...new Set(names)].filter((name) => this.cache.get(kind, name, now) === undefined);
    const [templates, proxies, proxyGroups] = await Promise.all([
      this.findTemplates(
        uncached(
          'template',
          valid.flatMap((item) => item.desired.templates),
        ),
        now,
      ),
      this.findProxies(
        uncached(
          'proxy',
          valid.flatMap((item) => proxyNameOf(item.monitoring)),
        ),
        now,
      ),
      this.findProxyGroups(
        uncached(
          'proxy group',
          valid.flatMap((item) => proxyGroupNameOf(item.monitoring)),
        ),
        now,
      ),
    ]);

    const steps = pending.map((item): Resolved | { readonly error: unknown } => {
      if (!('desired' in item)) return item;
      try {
        return {
          desired: item.desired,
          templateids: this.templateidsOf(item.desired.templates, templates, now),
          monitoring: this.monitoringOf(item.monitoring, proxies, proxyGroups, now),
        };
      } catch (error) {
        return { error };
      }
    });
    const groupNames = steps.flatMap((step) => ('desired' in step ? step.desired.groups : []));
    const groups = await this.ensureGroups(uncached('group', groupNames), now);

    return steps.map((step): ReferenceResolution => {
      if (!('desired' in step)) return { ok: false, error: step.error };
      const groupids = step.desired.groups.map(
        (name) => groups.get(name) ?? this.cache.get('group', name, now) ?? '',
      );
      const { templateids, monitoring } = step;
      return { ok: true, references: { groupids: [...new Set(groupids)], templateids, monitoring } };
    });
  }

  private async findTemplates(names: string[], now: number): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    if (names.length === 0) return ids;
    const found = await this.zabbix.findTemplatesByName(names);
    for (const name of names) {
      const [templateid] = matchTemplates([name], found).templateids;
      if (templateid === undefined) continue;
      ids.set(name, templateid);
      this.cache.set('template', name, templateid, now);
    }
    return ids;
  }

  private async findProxies(names: string[], now: number): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    if (names.length === 0) return ids;
    for (const proxy of await this.zabbix.findProxiesByName(names)) {
      if (!names.includes(proxy.name) || ids.has(proxy.name)) continue;
      ids.set(proxy.name, proxy.proxyid);
      this.cache.set('proxy', proxy.name, proxy.proxyid, now);
    }
    return ids;
  }

  /** Proxy groups before Zabbix 7.0: the error is kept for the hosts that ask for one. */
  private async findProxyGroups(names: string[], now: number): Promise<Map<string, string> | PermanentError> {
    const ids = new Map<string, string>();
    if (names.length === 0) return ids;
    try {
      for (const group of await this.zabbix.findProxyGroupsByName(names)) {
        if (!names.includes(group.name) || ids.has(group.name)) continue;
        ids.set(group.name, group.proxyGroupid);
        this.cache.set('proxy group', group.name, group.proxyGroupid, now);
      }
      return ids;
    } catch (error) {
      if (error instanceof PermanentError) return error;
      throw error;
    }
  }

  private async ensureGroups(names: string[], now: number): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const group of await this.zabbix.ensureHostGroups(names)) {
      ids.set(group.name, group.groupid);
      this.cache.set('group', group.name, group.groupid, now);
    }
    return ids;
  }

  private templateidsOf(names: readonly string[], found: Map<string, string>, now: number): string[] {
    const ids = names.map((name) => found.get(name) ?? this.cache.get('template', name, now));
    const missing = names.filter((_, index) => ids[index] === undefined);
    if (missing.length > 0) throw new MissingZabbixObjectsError('template', missing);
    return [...new Set(ids.filter((id) => id !== undefined))];
  }

  private monitoringOf(
    request: MonitoringRequest,
    proxies: Map<string, string>,
    proxyGroups: Map<string, string> | PermanentError,
    now: number,
  ): ZabbixMonitoring {
    switch (request.monitoredBy) {
      case 'server':
        return { monitoredBy: 'server' };
      case 'proxy': {
        const proxyid = proxies.get(request.proxy) ?? this.cache.get('proxy', request.proxy, now);
        if (proxyid === undefined) throw new MissingZabbixObjectsError('proxy', [request.proxy]);
        return { monitoredBy: 'proxy', proxyid };
      }
      case 'proxy_group': {
        if (proxyGroups instanceof PermanentError) throw proxyGroups;
        const proxyGroupid =
          proxyGroups.get(request.proxyGroup) ?? this.cache.get('proxy group', request.proxyGroup, now);
        if (proxyGroupid === undefined)
          throw new MissingZabbixObjectsError('proxy group', [request.proxyGroup]);
        return { monitoredBy: 'proxy_group', proxyGroupid };
      }
    }
  }
}

function proxyNameOf(request: MonitoringRequest): string[] {
  return request.monitoredBy === 'proxy' ? [request.proxy] : [];
}

function proxyGroupNameOf(request: MonitoringRequest): string[] {
  return request.monitoredBy === 'proxy_group' ? [request.proxyGroup] : [];
}
