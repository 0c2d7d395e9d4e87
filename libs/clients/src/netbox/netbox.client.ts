import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import axios, { isAxiosError, type AxiosAdapter, type AxiosInstance, type AxiosResponse } from 'axios';
import {
  netboxAuthorizationHeader,
  netboxCredential,
  type NetboxAuthorizationScheme,
  type NetboxCredential,
} from './netbox-authorization';
import { parseNetboxCustomField, type NetboxCustomField } from './netbox-custom-field.dto';
import { parseNetboxDevice, type NetboxDevice } from './netbox-device.dto';
import {
  mapNetboxHttpStatus,
  mapNetboxNetworkFailure,
  redactNetboxToken,
  type NetboxRequestLine,
  type NetboxNetworkFailure,
} from './netbox-error-mapping';
import {
  netboxSearchParams,
  splitIdSelection,
  type NetboxHostFilter,
  type NetboxInterfaceFilter,
  type NetboxIpAddressFilter,
  type NetboxQuery,
  type NetboxVirtualMachineInterfaceFilter,
} from './netbox-filters';
import { parseNetboxInterface, type NetboxInterface } from './netbox-interface.dto';
import { parseNetboxIpAddress, type NetboxIpAddress } from './netbox-ip-address.dto';
import {
  collectAll,
  firstPageQuery,
  nextPageQuery,
  readNetboxPage,
  summarizeNetboxPage,
  type NetboxPaginationMode,
} from './netbox-pagination';
import { isNetboxRecord, readId, type NetboxRecord } from './netbox-response-readers';
import { NetboxNotFoundError } from './netbox-not-found.error';
import { parseNetboxObjectChange, type NetboxObjectChange } from './netbox-object-change.dto';
import { NetboxResponseShapeError } from './netbox-response-shape.error';
import { parseNetboxStatus, type NetboxStatus } from './netbox-status.dto';
import { parseNetboxTag, type NetboxTag } from './netbox-tag.dto';
import { NetboxUnavailableError } from './netbox-unavailable.error';
import {
  parseNetboxVirtualMachineInterface,
  type NetboxVirtualMachineInterface,
} from './netbox-virtual-machine-interface.dto';
import { parseNetboxVirtualMachine, type NetboxVirtualMachine } from './netbox-virtual-machine.dto';

export interface NetboxClientOptions {
  /**
   * Where NetBox is, as this service reaches it: `https://netbox.example.com`, with a path prefix if NetBox
   * lives under one (`https://tools.example.com/netbox`). A trailing `/api` is tolerated.
   */
  readonly baseUrl: string;
  /** A v1 token (40 hex characters) or a v2 token (`nbt_<key>.<token>`). Never logged, never in an error. */
  readonly token: string;
  /** Forces the `Authorization` scheme; by default `Bearer` for `nbt_` tokens and `Token` for the rest. */
  readonly authorizationScheme?: NetboxAuthorizationScheme;
  /** Upper bound of one HTTP request, from connecting to the last byte of the answer. */
  readonly timeoutMs: number;
  /** Rows asked per page (default 500). NetBox clamps it to its MAX_PAGE_SIZE (1000 by default). */
  readonly pageSize?: number;
  /** `offset` (default) or `cursor` (NetBox 4.6+; falls back to offsets on older servers). */
  readonly pagination?: NetboxPaginationMode;
  /** Most ids sent in one `id=` list (default 100); longer lists are fetched in several requests. */
  readonly maxIdsPerRequest?: number;
  /** Sockets kept per host (default 4). */
  readonly maxSockets?: number;
}

type Parse<T> = (raw: unknown) => T | undefined;

const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_MAX_IDS_PER_REQUEST = 100;
const DEFAULT_MAX_SOCKETS = 4;
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** `config_context` is rendered per object on device/VM lists and detail views, and is large: never asked. */
const WITHOUT_CONFIG_CONTEXT: NetboxQuery = { exclude: 'config_context' };

const Endpoint = {
  status: 'api/status/',
  devices: 'api/dcim/devices/',
  virtualMachines: 'api/virtualization/virtual-machines/',
  interfaces: 'api/dcim/interfaces/',
  virtualMachineInterfaces: 'api/virtualization/interfaces/',
  ipAddresses: 'api/ipam/ip-addresses/',
  tags: 'api/extras/tags/',
  customFields: 'api/extras/custom-fields/',
} as const;

/** NetBox's change log: under `core` since 4.1, under `extras` before. */
export const NETBOX_CHANGE_LOG_PATHS = ['api/core/object-changes/', 'api/extras/object-changes/'] as const;
export type NetboxChangeLogPath = (typeof NETBOX_CHANGE_LOG_PATHS)[number];

/** Filters of the change log (`id__gt`, `id__lte`, `changed_object_type`, `time_before`, …). */
export interface NetboxObjectChangeFilter extends NetboxQuery {
  readonly id__gt?: number;
  readonly id__lte?: number;
  readonly changed_object_type?: string;
  readonly time_before?: string;
}

/**
 * Read-only client for NetBox's REST API (3.x–4.7): typed DTOs for the objects the bridge needs, paging that
 * survives proxies and page-size caps, and every failure mapped to a RetryableError subtype
 * (NetboxUnavailableError) or a PermanentError subtype (NetboxAuthenticationError, NetboxNotFoundError,
 * NetboxRequestError, NetboxResponseShapeError). It never retries: retry policy belongs to the caller.
 */
export class NetboxClient {
  private readonly http: AxiosInstance;
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;
  private readonly baseUrl: URL;
  private readonly credential: NetboxCredential;
  private readonly timeoutMs: number;
  private readonly pageSize: number;
  private readonly pagination: NetboxPaginationMode;
  private readonly maxIdsPerRequest: number;
  private changeLogPath: NetboxChangeLogPath | null = null;

  /** `adapter` replaces the HTTP transport (unit tests); by default axios uses Node's http/https. */
  constructor(options: NetboxClientOptions, adapter?: AxiosAdapter) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.credential = netboxCredential(options.token, options.authorizationScheme);
    this.timeoutMs = positiveInteger(options.timeoutMs, 'timeoutMs');
    this.pageSize = positiveInteger(options.pageSize ?? DEFAULT_PAGE_SIZE, 'pageSize');
    this.pagination = options.pagination ?? 'offset';
    this.maxIdsPerRequest = positiveInteger(
      options.maxIdsPerRequest ?? DEFAULT_MAX_IDS_PER_REQUEST,
      'maxIdsPerRequest',
    );
    const maxSockets = positiveInteger(options.maxSockets ?? DEFAULT_MAX_SOCKETS, 'maxSockets');
    this.httpAgent = new HttpAgent({ keepAlive: true, maxSockets });
    this.httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets });
    this.http = axios.create({
      timeout: this.timeoutMs,
      responseType: 'text',
      // Keep the raw text: this client parses it, and tells a broken body from a NetBox error itself.
      transformResponse: [(data: unknown) => data],
      // Every status is handled here, so that no axios error (which carries the request, token included) escapes.
      validateStatus: () => true,
      // A redirect to another host would carry the token along: not followed, reported as a bad base URL.
      maxRedirects: 0,
      maxContentLength: MAX_RESPONSE_BYTES,
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      headers: {
        Accept: 'application/json',
        Authorization: netboxAuthorizationHeader(this.credential),
      },
      ...(adapter ? { adapter } : {}),
    });
  }

  /** The scheme this client sends (`Token` or `Bearer`). */
  get authorizationScheme(): NetboxAuthorizationScheme {
    return this.credential.scheme;
  }

  /** `GET /api/status/`: the NetBox version, plugins and workers. Needs a valid token like every call. */
  async status(): Promise<NetboxStatus> {
    return this.getObject(Endpoint.status, {}, parseNetboxStatus);
  }

  /** One device. Throws NetboxNotFoundError when it does not exist (any more): callers treat that as deleted. */
  async getDevice(id: number): Promise<NetboxDevice> {
    return this.getObject(objectPath(Endpoint.devices, id), WITHOUT_CONFIG_CONTEXT, parseNetboxDevice);
  }

  /** One VM. Throws NetboxNotFoundError when it does not exist (any more): callers treat that as deleted. */
  async getVirtualMachine(id: number): Promise<NetboxVirtualMachine> {
    return this.getObject(
      objectPath(Endpoint.virtualMachines, id),
      WITHOUT_CONFIG_CONTEXT,
      parseNetboxVirtualMachine,
    );
  }

  iterateDevices(filter: NetboxHostFilter = {}): AsyncGenerator<NetboxDevice> {
    return this.iterate(Endpoint.devices, { ...filter, ...WITHOUT_CONFIG_CONTEXT }, parseNetboxDevice);
  }

  listDevices(filter: NetboxHostFilter = {}): Promise<NetboxDevice[]> {
    return collectAll(this.iterateDevices(filter));
  }

  iterateVirtualMachines(filter: NetboxHostFilter = {}): AsyncGenerator<NetboxVirtualMachine> {
    return this.iterate(
      Endpoint.virtualMachines,
      { ...filter, ...WITHOUT_CONFIG_CONTEXT },
      parseNetboxVirtualMachine,
    );
  }

  listVirtualMachines(filter: NetboxHostFilter = {}): Promise<NetboxVirtualMachine[]> {
    return collectAll(this.iterateVirtualMachines(filter));
  }

  iterateInterfaces(filter: NetboxInterfaceFilter): AsyncGenerator<NetboxInterface> {
    return this.iterate(Endpoint.interfaces, filter, parseNetboxInterface);
  }

  /** Device interfaces, e.g. `{device_id: 101}`. */
  listInterfaces(filter: NetboxInterfaceFilter): Promise<NetboxInterface[]> {
    return collectAll(this.iterateInterfaces(filter));
  }

  iterateVirtualMachineInterfaces(
    filter: NetboxVirtualMachineInterfaceFilter,
  ): AsyncGenerator<NetboxVirtualMachineInterface> {
    return this.iterate(Endpoint.virtualMachineInterfaces, filter, parseNetboxVirtualMachineInterface);
  }

  /** VM interfaces, e.g. `{virtual_machine_id: 201}`. */
  listVirtualMachineInterfaces(
    filter: NetboxVirtualMachineInterfaceFilter,
  ): Promise<NetboxVirtualMachineInterface[]> {
    return collectAll(this.iterateVirtualMachineInterfaces(filter));
  }

  iterateIpAddresses(filter: NetboxIpAddressFilter): AsyncGenerator<NetboxIpAddress> {
    return this.iterate(Endpoint.ipAddresses, filter, parseNetboxIpAddress);
  }

  /** IP addresses by `id` list, `device_id` or `virtual_machine_id`. An empty id list gives `[]` at once. */
  listIpAddresses(filter: NetboxIpAddressFilter): Promise<NetboxIpAddress[]> {
    return collectAll(this.iterateIpAddresses(filter));
  }

  iterateTags(filter: NetboxQuery = {}): AsyncGenerator<NetboxTag> {
    return this.iterate(Endpoint.tags, filter, parseNetboxTag);
  }

  listTags(filter: NetboxQuery = {}): Promise<NetboxTag[]> {
    return collectAll(this.iterateTags(filter));
  }

  iterateCustomFields(filter: NetboxQuery = {}): AsyncGenerator<NetboxCustomField> {
    return this.iterate(Endpoint.customFields, filter, parseNetboxCustomField);
  }

  listCustomFields(filter: NetboxQuery = {}): Promise<NetboxCustomField[]> {
    return collectAll(this.iterateCustomFields(filter));
  }

  /**
   * Where this NetBox keeps its change log: `api/core/object-changes/` (4.1+) or, when that is a 404,
   * `api/extras/object-changes/` (3.x, 4.0). Found once, then remembered. A 404 on both throws
   * NetboxNotFoundError.
   */
  async objectChangesPath(): Promise<NetboxChangeLogPath> {
    if (this.changeLogPath) return this.changeLogPath;
    let lastError: NetboxNotFoundError | undefined;
    for (const path of NETBOX_CHANGE_LOG_PATHS) {
      try {
        await this.get(path, netboxSearchParams({ limit: 1 }));
        this.changeLogPath = path;
        return path;
      } catch (error) {
        if (!(error instanceof NetboxNotFoundError)) throw error;
        lastError = error;
      }
    }
    throw lastError ?? new Error('unreachable');
  }

  /** The change with the highest id matching `filter` (`{time_before}`; none: the newest), or null. */
  async newestObjectChange(filter: NetboxObjectChangeFilter = {}): Promise<NetboxObjectChange | null> {
    return this.firstObjectChange({ ...filter, ordering: '-id' });
  }

  /** The oldest change NetBox still keeps (its retention deletes older ones), or null when none. */
  async oldestObjectChange(): Promise<NetboxObjectChange | null> {
    return this.firstObjectChange({ ordering: 'id' });
  }

  /** Changes matching `filter`, by ascending id, page by page. */
  async *iterateObjectChanges(filter: NetboxObjectChangeFilter): AsyncGenerator<NetboxObjectChange> {
    const path = await this.objectChangesPath();
    yield* this.iterate(path, { ...filter, ordering: 'id' }, parseNetboxObjectChange);
  }

  listObjectChanges(filter: NetboxObjectChangeFilter): Promise<NetboxObjectChange[]> {
    return collectAll(this.iterateObjectChanges(filter));
  }

  private async firstObjectChange(filter: NetboxQuery): Promise<NetboxObjectChange | null> {
    const path = await this.objectChangesPath();
    const { request, body } = await this.get(path, netboxSearchParams({ ...filter, limit: 1 }));
    const page = readNetboxPage(body);
    if (!page) throw new NetboxResponseShapeError(request.method, request.path, 'not a list page');
    const [first] = page.results;
    if (first === undefined) return null;
    const change = parseNetboxObjectChange(first);
    if (!change)
      throw new NetboxResponseShapeError(request.method, request.path, 'results[0] is not a change');
    return change;
  }

  /**
   * Every object of any list endpoint (`api/dcim/sites/`), untyped, with the same paging, id splitting and
   * error mapping as the typed methods. Objects without a numeric `id` fail with NetboxResponseShapeError.
   */
  iterateRecords(endpointPath: string, filter: NetboxQuery = {}): AsyncGenerator<NetboxRecord> {
    return this.iterate(relativePath(endpointPath), filter, (raw) => (isNetboxRecord(raw) ? raw : undefined));
  }

  listRecords(endpointPath: string, filter: NetboxQuery = {}): Promise<NetboxRecord[]> {
    return collectAll(this.iterateRecords(endpointPath, filter));
  }

  /** Frees the keep-alive sockets. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private async getObject<T>(path: string, query: NetboxQuery, parse: Parse<T>): Promise<T> {
    const { request, body } = await this.get(path, netboxSearchParams(query));
    const parsed = parse(body);
    if (parsed === undefined) {
      throw new NetboxResponseShapeError(request.method, request.path, 'not the expected object');
    }
    return parsed;
  }

  /**
   * All objects of a list endpoint, page by page (see `nextPageQuery` for how the next page is found), each
   * `id` chunk after the other. An object seen twice (offset paging while NetBox changes) is yielded once.
   */
  private async *iterate<T>(path: string, filter: NetboxQuery, parse: Parse<T>): AsyncGenerator<T> {
    const seen = new Set<number>();
    for (const chunk of splitIdSelection(filter, this.maxIdsPerRequest)) {
      let query = firstPageQuery(netboxSearchParams(chunk), this.pagination, this.pageSize);
      for (;;) {
        const { request, body } = await this.get(path, query);
        const page = readNetboxPage(body);
        if (!page) throw new NetboxResponseShapeError(request.method, request.path, 'not a list page');
        for (const [index, raw] of page.results.entries()) {
          const item = parse(raw);
          const id = isNetboxRecord(raw) ? readId(raw.id) : null;
          if (item === undefined || id === null) {
            throw new NetboxResponseShapeError(request.method, request.path, `results[${index}] has no id`);
          }
          if (seen.has(id)) continue;
          seen.add(id);
          yield item;
        }
        const next = nextPageQuery(path, query, summarizeNetboxPage(page));
        if (next.kind === 'invalid') {
          throw new NetboxResponseShapeError(request.method, request.path, next.reason);
        }
        if (next.kind === 'done') break;
        query = next.query;
      }
    }
  }

  /** One GET: the parsed JSON body, or a typed error. */
  private async get(
    path: string,
    query: URLSearchParams,
  ): Promise<{ readonly request: NetboxRequestLine; readonly body: unknown }> {
    const url = new URL(path, this.baseUrl);
    url.search = query.toString();
    const request: NetboxRequestLine = { method: 'GET', path: `${url.pathname}${url.search}` };
    let response: AxiosResponse<unknown>;
    try {
      response = await this.http.get<unknown>(url.toString(), {
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw mapNetboxNetworkFailure(request, this.redact(networkFailureOf(error)));
    }
    const text = typeof response.data === 'string' ? response.data : '';
    const failure = mapNetboxHttpStatus(
      request,
      {
        status: response.status,
        body: redactNetboxToken(text, this.credential.token),
        retryAfter: headerText(response.headers, 'retry-after'),
        location: headerText(response.headers, 'location'),
      },
      new Date(),
    );
    if (failure) throw failure;
    try {
      return { request, body: JSON.parse(text) as unknown };
    } catch {
      throw new NetboxUnavailableError({
        ...request,
        reason: 'invalid-response',
        status: response.status,
        detail: 'the body is not JSON (a proxy or login page?)',
      });
    }
  }

  private redact(failure: NetboxNetworkFailure): NetboxNetworkFailure {
    return { ...failure, message: redactNetboxToken(failure.message, this.credential.token) };
  }
}

/** `https://h/netbox/api/` → `https://h/netbox/`: a URL to resolve `api/…` paths against. */
function normalizeBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError('The NetBox base URL is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError('The NetBox base URL must be http(s)');
  }
  if (url.username || url.password) throw new TypeError('The NetBox base URL must not carry credentials');
  url.search = '';
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  url.pathname = `${path}/`;
  return url;
}

function relativePath(path: string): string {
  const trimmed = path.replace(/^\/+/, '');
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

function objectPath(endpoint: string, id: number): string {
  if (!Number.isSafeInteger(id) || id < 1) throw new TypeError(`Not a NetBox object id: ${id}`);
  return `${endpoint}${id}/`;
}

function positiveInteger(value: number, option: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`NetBox client option ${option} must be a positive integer`);
  }
  return value;
}

/** A response header by case-insensitive name (the Node adapter gives lower case, others may not). */
function headerText(headers: object, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  }
  return undefined;
}

/** Only the code and message of a failed request: the axios error itself carries the token. */
function networkFailureOf(error: unknown): NetboxNetworkFailure {
  if (isAxiosError(error)) return { code: error.code, message: error.message };
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : error.name, message: error.message };
  }
  return { message: String(error) };
}
