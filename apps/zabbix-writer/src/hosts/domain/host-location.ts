import { type ZabbixHost } from '@lib/clients';
import { ownershipOf } from './host-identity';

/**
 * - `found`: the host of this NetBox object: by the id the scheduler knows, by its identity tag (renamed,
 *   archived, or the id was lost), or by technical name when it carries no identity (made by hand: adopted).
 * - `foreign`: the host with the object's name (or id) belongs to another NetBox object.
 * - `none`: there is no such host.
 */
export type HostLocation =
  | {
      readonly kind: 'found';
      readonly host: ZabbixHost;
      readonly foundBy: 'id' | 'identity' | 'name';
      /**
       * Other hosts carrying this object's identity, younger than `host`: twins left by two creates of the
       * same object that both went through (a create that timed out on the writer's side while Zabbix went
       * on, then retried). Only seen when the host is found by identity; the writer deletes them.
       */
      readonly twins?: readonly ZabbixHost[];
    }
  | { readonly kind: 'foreign'; readonly host: ZabbixHost; readonly owner: string }
  | { readonly kind: 'none' };

/** What a job knows of its host. */
export interface HostLookupRequest {
  readonly hostKey: string;
  readonly hostid?: string;
  readonly technicalName: string;
}

/** The hosts read for a batch of requests: by their ids, by their identity tags, by their technical names. */
export interface HostCandidates {
  readonly byId: readonly ZabbixHost[];
  /** Sorted by id: the oldest host carrying an identity is the one to take. */
  readonly byIdentity: readonly ZabbixHost[];
  /** Sorted by id: of concurrent twins, the oldest is the one to take. */
  readonly byName: readonly ZabbixHost[];
}

/** The request has an id worth asking Zabbix for. */
export function knownHostid(request: HostLookupRequest): string | undefined {
  return request.hostid !== undefined && request.hostid !== '' ? request.hostid : undefined;
}

/**
 * Where the request's host is, among the candidates: by id, then by identity tag, then by technical name; a
 * host found by id or name that carries another object's identity is `foreign`, never taken.
 */
export function locateAmong(request: HostLookupRequest, candidates: HostCandidates): HostLocation {
  const hostid = knownHostid(request);
  const byId = hostid === undefined ? undefined : candidates.byId.find((host) => host.hostid === hostid);
  if (byId) return judge(byId, request.hostKey, 'id');
  const [claimed, ...twins] = candidates.byIdentity.filter(
    (host) => ownershipOf(host.tags, request.hostKey).kind === 'ours',
  );
  if (claimed) {
    return twins.length === 0
      ? { kind: 'found', host: claimed, foundBy: 'identity' }
      : { kind: 'found', host: claimed, foundBy: 'identity', twins };
  }
  const named = candidates.byName.find((host) => host.host === request.technicalName);
  return named ? judge(named, request.hostKey, 'name') : { kind: 'none' };
}

function judge(host: ZabbixHost, hostKey: string, foundBy: 'id' | 'name'): HostLocation {
  const ownership = ownershipOf(host.tags, hostKey);
  return ownership.kind === 'foreign'
    ? { kind: 'foreign', host, owner: ownership.owner }
    : { kind: 'found', host, foundBy };
}
