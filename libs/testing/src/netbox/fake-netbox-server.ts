import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { loadNetboxFixture } from '../fixtures';
import { renderFakeNetboxChange, type FakeNetboxChange } from './fake-netbox-change-log';
import {
  FAKE_NETBOX_COLLECTIONS,
  FAKE_NETBOX_FIXTURE_ORIGIN,
  FakeNetboxStore,
  type FakeNetboxCollectionDefinition,
  type FakeNetboxObjectPatch,
  type FakeNetboxRecord,
} from './fake-netbox-store';
import { FAKE_NETBOX_V1_TOKEN, FAKE_NETBOX_V2_TOKEN } from './fake-netbox-tokens';

export interface FakeNetboxServerOptions {
  /** Tokens accepted (v1 plain, v2 `nbt_<key>.<plaintext>`); default FAKE_NETBOX_V1_TOKEN and _V2_TOKEN. */
  readonly tokens?: readonly string[];
  /** NetBox's MAX_PAGE_SIZE: a larger `limit` (or `limit=0`) is clamped to it silently. Default 1000. */
  readonly maxPageSize?: number;
  /** NetBox's PAGINATE_COUNT: the page size without `limit`. Default 50. */
  readonly defaultPageSize?: number;
  /** Serve the API under a path prefix, like NetBox's BASE_PATH (`/netbox`). Default none. */
  readonly basePath?: string;
  /**
   * What `next` links start with instead of this server's own URL, like a NetBox behind a proxy that does
   * not know its public name (`http://netbox.internal:8080`). Can be changed later with `setNextLinkBase`.
   */
  readonly nextLinkBase?: string;
  /** Answer `?start=` with cursor pages (NetBox 4.6+). false: ignore it, as NetBox ≤ 4.5 does. Default true. */
  readonly cursorPagination?: boolean;
  /** Load the fixtures into the store (default true). */
  readonly seed?: boolean;
  /**
   * `netbox-version` of `/api/status/` (default: the fixture's, 4.6.8). It also decides where the change log
   * is served: `/api/core/object-changes/` from 4.1, `/api/extras/object-changes/` before (the other is 404).
   */
  readonly netboxVersion?: string;
}

/** A request as the server saw it. Only the scheme word of `Authorization` is kept, never the token. */
export interface FakeNetboxRequest {
  readonly method: string;
  /** Without the base path: `/api/dcim/devices/`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** `Token`, `Bearer` (as sent), or null without an Authorization header. */
  readonly authorizationScheme: string | null;
  /** The status answered; null while the answer is pending (delayed) or when the client went away. */
  readonly status: number | null;
}

/** A scripted failure: the next matching requests get this answer instead of NetBox's. */
export interface FakeNetboxFault {
  /** Default 503. */
  readonly status?: number;
  /** JSON body (a string is sent as text/html). Default: a proxy's 503 page. */
  readonly body?: unknown;
  /** `Retry-After` header value. */
  readonly retryAfter?: string;
  /** How many requests fail (default: all, until `clearFaults`). */
  readonly times?: number;
  /** Only requests whose path (without the base path) starts with this. */
  readonly pathPrefix?: string;
}

export interface FakeNetboxDelay {
  /** How many requests are delayed (default: all, until `clearFaults`). */
  readonly times?: number;
  readonly pathPrefix?: string;
}

interface PendingFault {
  readonly fault: FakeNetboxFault;
  remaining: number;
}

interface PendingDelay {
  readonly milliseconds: number;
  readonly pathPrefix?: string;
  remaining: number;
}

interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorizationScheme: string | null;
  status: number | null;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

const NO_CREDENTIALS = 'Authentication credentials were not provided.';
const V2_PREFIX = 'nbt_';

/**
 * A small NetBox REST API on 127.0.0.1 for tests: the read endpoints the bridge uses, answered from an
 * in-memory FakeNetboxStore seeded from `test/fixtures/netbox`, with NetBox's paging (limit/offset clamped
 * to MAX_PAGE_SIZE, `next` links with sorted query keys, 4.6 cursor mode), filters (`id`, `*_id`, `tag`,
 * `status`, `name`, slugs, `__gte`/`__lt` ranges), `exclude=config_context`, `brief`, `fields`, NetBox's
 * 403/404/400 bodies, and switches for outages and slowness.
 *
 * ```ts
 * const netbox = await FakeNetboxServer.start({ maxPageSize: 2 });
 * const client = new NetboxClient({ baseUrl: netbox.url, token: FAKE_NETBOX_V1_TOKEN, timeoutMs: 2_000 });
 * netbox.upsertDevice({ id: 150, name: 'edge01', site: 3, primary_ip4: 1201, tags: ['zabbix'] });
 * netbox.failWith({ status: 503, times: 1 });   // next request: 503
 * netbox.requestCount('/api/dcim/devices/');     // requests so far
 * await netbox.close();
 * ```
 *
 * Served: `GET /api/status/` and, list and by id, `/api/dcim/devices/`, `/api/virtualization/virtual-machines/`,
 * `/api/dcim/interfaces/`, `/api/virtualization/interfaces/`, `/api/ipam/ip-addresses/`, `/api/extras/tags/`,
 * `/api/extras/custom-fields/`; the change log (every upsert and delete, see `changes`) at
 * `/api/core/object-changes/` (4.1+) or `/api/extras/object-changes/` (3.x, 4.0). Objects come back by ascending id (NetBox orders by name); the `url` fields
 * keep the fixtures' host (`https://netbox.example.com`); nested copies (an interface's `device`) are as they
 * were when the object was stored.
 */
export class FakeNetboxServer {
  /** The objects served; change them with the `upsert…`/`delete…` methods (or the store's own). */
  readonly store: FakeNetboxStore;
  private readonly recorded: RecordedRequest[] = [];
  private readonly tokens = new Map<string, { expired: boolean }>();
  private readonly faults: PendingFault[] = [];
  private readonly delays: PendingDelay[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly basePath: string;
  private readonly maxPageSize: number;
  private readonly defaultPageSize: number;
  private readonly cursorPagination: boolean;
  private readonly netboxVersion: string;
  private nextLinkBase: string | undefined;

  private constructor(
    private readonly server: Server,
    options: FakeNetboxServerOptions,
  ) {
    this.store = new FakeNetboxStore(options.seed ?? true);
    for (const token of options.tokens ?? [FAKE_NETBOX_V1_TOKEN, FAKE_NETBOX_V2_TOKEN]) this.addToken(token);
    this.basePath = (options.basePath ?? '').replace(/\/+$/, '');
    if (this.basePath !== '' && !this.basePath.startsWith('/')) this.basePath = `/${this.basePath}`;
    this.maxPageSize = options.maxPageSize ?? 1000;
    this.defaultPageSize = options.defaultPageSize ?? 50;
    this.cursorPagination = options.cursorPagination ?? true;
    this.netboxVersion = options.netboxVersion ?? '';
    this.nextLinkBase = options.nextLinkBase;
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  static async start(options: FakeNetboxServerOptions = {}): Promise<FakeNetboxServer> {
    const server = createServer();
    const fake = new FakeNetboxServer(server, options);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      fake.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) {
          response.writeHead(500, { 'Content-Type': 'text/plain' });
          response.end(`fake NetBox failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The base URL to give a NetBox client: `http://127.0.0.1:<port>` plus the base path. */
  get url(): string {
    return `http://127.0.0.1:${this.port}${this.basePath}`;
  }

  /** Every request so far, oldest first. */
  get requests(): readonly FakeNetboxRequest[] {
    return this.recorded;
  }

  /** Requests so far, all or those whose path (without the base path) starts with `pathPrefix`. */
  requestCount(pathPrefix = ''): number {
    return this.recorded.filter((request) => request.path.startsWith(pathPrefix)).length;
  }

  clearRequests(): void {
    this.recorded.length = 0;
  }

  addToken(token: string): void {
    this.tokens.set(token, { expired: false });
  }

  /** The token is unknown from now on (`Invalid v1 token` / `Invalid v2 token`). */
  revokeToken(token: string): void {
    this.tokens.delete(token);
  }

  /** The token is answered with `Token expired` from now on. */
  expireToken(token: string): void {
    this.tokens.set(token, { expired: true });
  }

  /** Where `next` links point from now on (undefined: this server). */
  setNextLinkBase(base: string | undefined): void {
    this.nextLinkBase = base;
  }

  /** The next matching requests (all, by default) get `fault` (a 503 by default) instead of an answer. */
  failWith(fault: FakeNetboxFault = {}): void {
    this.faults.push({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  /** The next matching requests (all, by default) are answered `milliseconds` late. */
  delayResponses(milliseconds: number, options: FakeNetboxDelay = {}): void {
    this.delays.push({
      milliseconds,
      pathPrefix: options.pathPrefix,
      remaining: options.times ?? Number.POSITIVE_INFINITY,
    });
  }

  /** Ends all scripted failures and delays. */
  clearFaults(): void {
    this.faults.length = 0;
    this.delays.length = 0;
  }

  /** The change log kept (every upsert and delete of the store), oldest first. */
  get changes(): readonly FakeNetboxChange[] {
    return this.store.changeLog.all();
  }

  /** Where this NetBox serves its change log: `/api/core/object-changes/` or `/api/extras/object-changes/`. */
  get changeLogPath(): string {
    const match = /^v?(\d+)\.(\d+)/.exec(this.version());
    const major = Number(match?.[1] ?? 4);
    const minor = Number(match?.[2] ?? 6);
    return major > 4 || (major === 4 && minor >= 1)
      ? '/api/core/object-changes/'
      : '/api/extras/object-changes/';
  }

  /** NetBox's change log retention: the changes with an id below `beforeId` are deleted. */
  pruneChangeLog(beforeId: number): void {
    this.store.changeLog.prune(beforeId);
  }

  upsertDevice(patch: FakeNetboxObjectPatch): FakeNetboxRecord {
    return this.store.upsert('devices', patch);
  }

  /** Also deletes the device's interfaces and unassigns their IP addresses. */
  deleteDevice(id: number): boolean {
    return this.store.delete('devices', id);
  }

  /** Removes every device and VM (the fixtures' too): NetBox then holds only what a test adds. */
  clearHosts(): void {
    for (const collection of ['devices', 'virtual-machines'] as const) {
      for (const record of this.store.all(collection)) this.store.delete(collection, Number(record.id));
    }
  }

  upsertVirtualMachine(patch: FakeNetboxObjectPatch): FakeNetboxRecord {
    return this.store.upsert('virtual-machines', patch);
  }

  /** Also deletes the VM's interfaces and unassigns their IP addresses. */
  deleteVirtualMachine(id: number): boolean {
    return this.store.delete('virtual-machines', id);
  }

  /** A device interface; `device` may be given as a device id. */
  upsertInterface(patch: FakeNetboxObjectPatch): FakeNetboxRecord {
    return this.store.upsert('interfaces', patch);
  }

  deleteInterface(id: number): boolean {
    return this.store.delete('interfaces', id);
  }

  /** A VM interface; `virtual_machine` may be given as a VM id. */
  upsertVirtualMachineInterface(patch: FakeNetboxObjectPatch): FakeNetboxRecord {
    return this.store.upsert('virtual-machine-interfaces', patch);
  }

  deleteVirtualMachineInterface(id: number): boolean {
    return this.store.delete('virtual-machine-interfaces', id);
  }

  /** An IP address; `assigned_object_type` + `assigned_object_id` fill in `assigned_object`. */
  upsertIpAddress(patch: FakeNetboxObjectPatch): FakeNetboxRecord {
    return this.store.upsert('ip-addresses', patch);
  }

  /** Also clears it as any device's or VM's primary IP. */
  deleteIpAddress(id: number): boolean {
    return this.store.delete('ip-addresses', id);
  }

  upsertTag(patch: FakeNetboxObjectPatch): FakeNetboxRecord {
    return this.store.upsert('tags', patch);
  }

  deleteTag(id: number): boolean {
    return this.store.delete('tags', id);
  }

  upsertCustomField(patch: FakeNetboxObjectPatch): FakeNetboxRecord {
    return this.store.upsert('custom-fields', patch);
  }

  deleteCustomField(id: number): boolean {
    return this.store.delete('custom-fields', id);
  }

  /** Stops listening, drops open connections and pending delayed answers. Closing twice is harmless. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const inside = url.pathname === this.basePath || url.pathname.startsWith(`${this.basePath}/`);
    const path = inside ? url.pathname.slice(this.basePath.length) || '/' : url.pathname;
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path,
      query: url.searchParams,
      authorizationScheme: authorizationScheme(request.headers.authorization),
      status: null,
    };
    this.recorded.push(recorded);

    const delay = this.take(this.delays, path, (pending) => pending.pathPrefix);
    if (delay) {
      await this.sleep(delay.milliseconds);
      if (response.destroyed) return;
    }
    const answer = inside ? this.answer(request, recorded) : notFound('Not found.');
    recorded.status = answer.status;
    const isText = typeof answer.body === 'string';
    response.writeHead(answer.status, {
      'Content-Type': isText ? 'text/html' : 'application/json',
      'API-Version': apiVersion(this.version()),
      ...answer.headers,
    });
    response.end(isText ? answer.body : JSON.stringify(answer.body));
  }

  private answer(request: IncomingMessage, recorded: RecordedRequest): Answer {
    const fault = this.take(this.faults, recorded.path, (pending) => pending.fault.pathPrefix);
    if (fault) {
      const { status = 503, body = '<html><body><h1>503 Service Unavailable</h1></body></html>' } =
        fault.fault;
      const headers: Record<string, string> = fault.fault.retryAfter
        ? { 'Retry-After': fault.fault.retryAfter }
        : {};
      return { status, body, headers };
    }
    if (!recorded.path.startsWith('/api/')) return notFound('Not found.');
    const refusal = this.authenticate(request.headers.authorization);
    if (refusal) return { status: 403, body: { detail: refusal } };
    if (recorded.method !== 'GET') {
      return { status: 405, body: { detail: `Method "${recorded.method}" not allowed.` } };
    }
    if (!recorded.path.endsWith('/')) {
      // Django's APPEND_SLASH.
      const query = recorded.query.toString();
      return {
        status: 301,
        body: '',
        headers: { Location: `${this.basePath}${recorded.path}/${query ? `?${query}` : ''}` },
      };
    }
    if (recorded.path === '/api/status/') return { status: 200, body: this.statusBody() };
    if (recorded.path === this.changeLogPath) return this.changeList(recorded.query);
    for (const definition of Object.values(FAKE_NETBOX_COLLECTIONS)) {
      const endpoint = `/${definition.endpoint}`;
      if (recorded.path === endpoint) return this.list(definition, recorded.query);
      if (recorded.path.startsWith(endpoint)) {
        const rest = recorded.path.slice(endpoint.length, -1);
        if (/^\d+$/.test(rest)) return this.detail(definition, Number(rest), recorded.query);
      }
    }
    return notFound('Not found.');
  }

  /** NetBox 4.5+ TokenAuthentication: the error `detail`, or undefined when the token is good. */
  private authenticate(header: string | undefined): string | undefined {
    const parts = (header ?? '').trim().split(/\s+/);
    const keyword = parts[0]?.toLowerCase();
    if (keyword !== 'token' && keyword !== 'bearer') return NO_CREDENTIALS;
    if (parts.length !== 2) {
      return 'Invalid authorization header: Must be in the form "Bearer <key>.<token>" or "Token <token>"';
    }
    const value = parts[1] ?? '';
    const version = value.startsWith(V2_PREFIX) ? 2 : 1;
    if (version === 2 && !value.slice(V2_PREFIX.length).includes('.')) {
      return "Invalid authorization header: Could not parse key from v2 token. Did you mean to use 'Token' instead of 'Bearer'?";
    }
    const token = this.tokens.get(value);
    if (!token) return `Invalid v${version} token`;
    if (token.expired) return 'Token expired';
    return undefined;
  }

  private list(definition: FakeNetboxCollectionDefinition, query: URLSearchParams): Answer {
    const start = this.cursorPagination ? query.get('start') : null;
    if (start !== null && query.has('offset')) {
      return { status: 400, body: ["'start' and 'offset' are mutually exclusive."] };
    }
    if (start !== null && query.has('ordering')) {
      return { status: 400, body: ["'start' and 'ordering' are mutually exclusive."] };
    }
    const selection = this.store.select(definition.name, query);
    if (!selection.ok) return { status: 400, body: selection.errors };
    const limit = this.limit(query.get('limit'));
    const render = (record: FakeNetboxRecord): FakeNetboxRecord => renderRecord(definition, record, query);

    if (start !== null) {
      if (!/^\d+$/.test(start)) return { status: 400, body: ["'start' must be a non-negative integer."] };
      const after = selection.records.filter((record) => record.id >= Number(start));
      const page = after.slice(0, limit);
      const last = page[page.length - 1];
      const next =
        last && after.length > page.length ? this.link(definition, query, { start: last.id + 1 }) : null;
      return { status: 200, body: { count: null, next, previous: null, results: page.map(render) } };
    }

    const offset = nonNegativeInteger(query.get('offset')) ?? 0;
    const count = selection.records.length;
    const results = selection.records.slice(offset, offset + limit).map(render);
    const next = offset + limit < count ? this.link(definition, query, { offset: offset + limit }) : null;
    let previous: string | null = null;
    if (offset > 0) {
      previous =
        offset - limit <= 0
          ? this.link(definition, query, { offset: undefined })
          : this.link(definition, query, { offset: offset - limit });
    }
    return { status: 200, body: { count, next, previous, results } };
  }

  /** The change log with offset paging (NetBox's default order is newest first). */
  private changeList(query: URLSearchParams): Answer {
    const selection = this.store.changeLog.filter(query);
    if (!selection.ok) return { status: 400, body: selection.errors };
    const limit = this.limit(query.get('limit'));
    const offset = nonNegativeInteger(query.get('offset')) ?? 0;
    const count = selection.changes.length;
    const apiPath = this.changeLogPath.slice(1);
    const results = selection.changes
      .slice(offset, offset + limit)
      .map((change) => renderFakeNetboxChange(change, FAKE_NETBOX_FIXTURE_ORIGIN, apiPath));
    let next: string | null = null;
    if (offset + limit < count) {
      const params = new URLSearchParams(query);
      params.set('offset', String(offset + limit));
      params.set('limit', String(limit));
      const sorted = new URLSearchParams([...params.entries()].sort(([a], [b]) => a.localeCompare(b)));
      next = `${(this.nextLinkBase ?? this.url).replace(/\/+$/, '')}${this.changeLogPath}?${sorted.toString()}`;
    }
    return { status: 200, body: { count, next, previous: null, results } };
  }

  private detail(definition: FakeNetboxCollectionDefinition, id: number, query: URLSearchParams): Answer {
    const record = this.store.get(definition.name, id);
    if (!record) return notFound(`No ${definition.modelName} matches the given query.`);
    return { status: 200, body: renderRecord(definition, record, query) };
  }

  /** NetBox's `get_limit`: absent/invalid → PAGINATE_COUNT; 0 or above MAX_PAGE_SIZE → MAX_PAGE_SIZE. */
  private limit(text: string | null): number {
    const requested = nonNegativeInteger(text);
    const limit =
      requested === undefined ? this.defaultPageSize : requested === 0 ? this.maxPageSize : requested;
    return Math.min(limit, this.maxPageSize);
  }

  /** DRF's `replace_query_param`: the request's URL with one parameter replaced, keys sorted. */
  private link(
    definition: FakeNetboxCollectionDefinition,
    query: URLSearchParams,
    replace: Readonly<Record<string, number | undefined>>,
  ): string {
    const params = new URLSearchParams(query);
    for (const [key, value] of Object.entries(replace)) {
      if (value === undefined) params.delete(key);
      else params.set(key, String(value));
    }
    const sorted = new URLSearchParams();
    for (const key of [...new Set(params.keys())].sort()) {
      for (const value of params.getAll(key)) sorted.append(key, value);
    }
    const base = (this.nextLinkBase ?? this.url).replace(/\/+$/, '');
    const search = sorted.toString();
    return `${base}/${definition.endpoint}${search ? `?${search}` : ''}`;
  }

  private statusBody(): Record<string, unknown> {
    const status = loadNetboxFixture('rest-status.json');
    if (this.netboxVersion !== '') {
      status['netbox-version'] = this.netboxVersion;
      status['netbox-full-version'] = this.netboxVersion;
    }
    return status;
  }

  private version(): string {
    return this.netboxVersion !== '' ? this.netboxVersion : '4.6.8';
  }

  private take<T extends { remaining: number }>(
    pending: T[],
    path: string,
    prefixOf: (item: T) => string | undefined,
  ): T | undefined {
    const index = pending.findIndex((item) => item.remaining > 0 && path.startsWith(prefixOf(item) ?? ''));
    const item = pending[index];
    if (!item) return undefined;
    item.remaining -= 1;
    if (item.remaining <= 0) pending.splice(index, 1);
    return item;
  }

  private sleep(milliseconds: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, milliseconds);
      this.timers.add(timer);
    });
  }
}

/** `exclude=config_context`, `brief`, `fields=a,b`, applied as NetBox does (fields, then brief). */
function renderRecord(
  definition: FakeNetboxCollectionDefinition,
  record: FakeNetboxRecord,
  query: URLSearchParams,
): FakeNetboxRecord {
  const fields = (query.get('fields') ?? '').split(',').filter((field) => field !== '');
  const keep: readonly string[] | undefined =
    fields.length > 0 ? fields : query.get('brief') ? definition.briefFields : undefined;
  const excluded = new Set(query.getAll('exclude').flatMap((value) => value.split(',')));
  const rendered: FakeNetboxRecord = { id: record.id };
  for (const [key, value] of Object.entries(record)) {
    if (excluded.has(key)) continue;
    if (keep && !keep.includes(key)) continue;
    rendered[key] = value;
  }
  return rendered;
}

function notFound(detail: string): Answer {
  return { status: 404, body: { detail } };
}

function nonNegativeInteger(text: string | null): number | undefined {
  return text !== null && /^\d+$/.test(text) ? Number(text) : undefined;
}

function authorizationScheme(header: string | undefined): string | null {
  if (header === undefined) return null;
  return header.trim().split(/\s+/)[0] ?? '';
}

/** NetBox's `API-Version` header: `major.minor`. */
function apiVersion(version: string): string {
  return /^v?(\d+\.\d+)/.exec(version)?.[1] ?? version;
}
