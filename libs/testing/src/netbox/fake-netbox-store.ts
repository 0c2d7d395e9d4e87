import { loadNetboxFixture } from '../fixtures';
import { FakeNetboxChangeLog, fakeNetboxSnapshot } from './fake-netbox-change-log';

/** One NetBox object as the REST API renders it (snake_case, nested references). */
export interface FakeNetboxRecord {
  id: number;
  [field: string]: unknown;
}

/**
 * Fields to set on an object. Besides NetBox's own shapes, some fields take shortcuts that the store expands
 * into the nested objects NetBox would render:
 *
 * - `device`, `virtual_machine`: an id (interfaces, VM interfaces, VMs pinned to a device);
 * - `primary_ip4`, `primary_ip6`, `primary_ip`: an IP address id from the store;
 * - `site`, `role`, `platform`, `tenant`, `cluster`, `device_type`: an id (the reference is copied from an
 *   object that already has it, or made up);
 * - `tags`: tag slugs (a tag not in the store is added to it);
 * - on IP addresses, `assigned_object_type` + `assigned_object_id` without `assigned_object`: the nested
 *   interface is built from the store.
 *
 * `custom_fields` are merged into the existing ones, as a NetBox PATCH does.
 */
export interface FakeNetboxObjectPatch {
  readonly id: number;
  readonly [field: string]: unknown;
}

export type FakeNetboxCollectionName =
  | 'devices'
  | 'virtual-machines'
  | 'interfaces'
  | 'virtual-machine-interfaces'
  | 'ip-addresses'
  | 'tags'
  | 'custom-fields';

export interface FakeNetboxCollectionDefinition {
  readonly name: FakeNetboxCollectionName;
  /** Relative API path: `api/dcim/devices/`. */
  readonly endpoint: string;
  /** For 404 bodies: `No Device matches the given query.` */
  readonly modelName: string;
  /** `app_label.model` (`dcim.interface`), as in `assigned_object_type`. */
  readonly objectType: string;
  readonly fixture: string;
  readonly briefFields: readonly string[];
}

export type FakeNetboxSelection =
  | { readonly ok: true; readonly records: FakeNetboxRecord[] }
  | { readonly ok: false; readonly errors: Record<string, string[]> };

/** The host the fixtures' `url` fields use. */
export const FAKE_NETBOX_FIXTURE_ORIGIN = 'https://netbox.example.com';

export const FAKE_NETBOX_COLLECTIONS: Readonly<
  Record<FakeNetboxCollectionName, FakeNetboxCollectionDefinition>
> = {
  devices: {
    name: 'devices',
    endpoint: 'api/dcim/devices/',
    modelName: 'Device',
    objectType: 'dcim.device',
    fixture: 'rest-dcim-devices-list.json',
    briefFields: ['id', 'url', 'display', 'name', 'description'],
  },
  'virtual-machines': {
    name: 'virtual-machines',
    endpoint: 'api/virtualization/virtual-machines/',
    modelName: 'VirtualMachine',
    objectType: 'virtualization.virtualmachine',
    fixture: 'rest-virtualization-virtual-machines-list.json',
    briefFields: ['id', 'url', 'display', 'name', 'description'],
  },
  interfaces: {
    name: 'interfaces',
    endpoint: 'api/dcim/interfaces/',
    modelName: 'Interface',
    objectType: 'dcim.interface',
    fixture: 'rest-dcim-interfaces-list.json',
    briefFields: ['id', 'url', 'display', 'device', 'name', 'description', 'cable', '_occupied'],
  },
  'virtual-machine-interfaces': {
    name: 'virtual-machine-interfaces',
    endpoint: 'api/virtualization/interfaces/',
    modelName: 'VMInterface',
    objectType: 'virtualization.vminterface',
    fixture: 'rest-virtualization-interfaces-list.json',
    briefFields: ['id', 'url', 'display', 'virtual_machine', 'name', 'description'],
  },
  'ip-addresses': {
    name: 'ip-addresses',
    endpoint: 'api/ipam/ip-addresses/',
    modelName: 'IPAddress',
    objectType: 'ipam.ipaddress',
    fixture: 'rest-ipam-ip-addresses-list.json',
    briefFields: ['id', 'url', 'display', 'family', 'address', 'description'],
  },
  tags: {
    name: 'tags',
    endpoint: 'api/extras/tags/',
    modelName: 'Tag',
    objectType: 'extras.tag',
    fixture: 'rest-extras-tags-list.json',
    briefFields: ['id', 'url', 'display', 'name', 'slug', 'color', 'description'],
  },
  'custom-fields': {
    name: 'custom-fields',
    endpoint: 'api/extras/custom-fields/',
    modelName: 'CustomField',
    objectType: 'extras.customfield',
    fixture: 'rest-extras-custom-fields-list.json',
    briefFields: ['id', 'url', 'display', 'name', 'description'],
  },
};

const COLLECTION_NAMES = Object.keys(FAKE_NETBOX_COLLECTIONS) as FakeNetboxCollectionName[];

/** Query parameters that are not filters. */
const NON_FILTER_PARAMETERS = new Set([
  'limit',
  'offset',
  'start',
  'exclude',
  'brief',
  'fields',
  'omit',
  'ordering',
  'format',
]);
const RANGE_LOOKUPS = new Set(['gte', 'gt', 'lte', 'lt']);
const REFERENCE_FIELDS = ['site', 'role', 'platform', 'tenant', 'cluster', 'device_type'];
const UI_PATHS: Readonly<Record<FakeNetboxCollectionName, string>> = {
  devices: 'dcim/devices/',
  'virtual-machines': 'virtualization/virtual-machines/',
  interfaces: 'dcim/interfaces/',
  'virtual-machine-interfaces': 'virtualization/interfaces/',
  'ip-addresses': 'ipam/ip-addresses/',
  tags: 'extras/tags/',
  'custom-fields': 'extras/custom-fields/',
};

/**
 * The in-memory objects behind FakeNetboxServer: devices, VMs, interfaces, VM interfaces, IP addresses, tags
 * and custom fields, seeded from `test/fixtures/netbox` (devices 101–103, VMs 201–203, interfaces 5001–5003,
 * VM interfaces 7001–7003, IPs 1201/1202/1301, tags 2/5, custom fields 1–3). Reads return copies.
 */
export class FakeNetboxStore {
  private readonly collections = new Map<FakeNetboxCollectionName, Map<number, FakeNetboxRecord>>();
  private readonly templates = new Map<FakeNetboxCollectionName, FakeNetboxRecord>();
  /** Every upsert and delete since the store was made (seeding and `reset` record none). */
  readonly changeLog = new FakeNetboxChangeLog();

  constructor(seed = true) {
    for (const name of COLLECTION_NAMES) {
      const [first] = fixtureRecords(name);
      if (!first) throw new Error(`fixture ${FAKE_NETBOX_COLLECTIONS[name].fixture} has no results`);
      this.templates.set(name, blankTemplate(name, first));
    }
    this.reset(seed);
  }

  /** Empties the store, then (by default) loads the fixtures again. */
  reset(seed = true): void {
    for (const name of COLLECTION_NAMES) {
      const records = new Map<number, FakeNetboxRecord>();
      if (seed) for (const record of fixtureRecords(name)) records.set(record.id, record);
      this.collections.set(name, records);
    }
  }

  /** Every object of a collection, by ascending id. */
  all(collection: FakeNetboxCollectionName): FakeNetboxRecord[] {
    return [...this.records(collection).values()].sort((a, b) => a.id - b.id).map(copy);
  }

  get(collection: FakeNetboxCollectionName, id: number): FakeNetboxRecord | undefined {
    const record = this.records(collection).get(id);
    return record ? copy(record) : undefined;
  }

  /**
   * Creates the object (from a blank copy of the collection's first fixture object) or changes it, and sets
   * `last_updated` to `now` unless the patch gives one. Returns the stored object.
   */
  upsert(
    collection: FakeNetboxCollectionName,
    patch: FakeNetboxObjectPatch,
    now = new Date(),
  ): FakeNetboxRecord {
    if (!Number.isSafeInteger(patch.id) || patch.id < 1) throw new Error(`not an id: ${String(patch.id)}`);
    const records = this.records(collection);
    const expanded = this.expand(collection, patch);
    const existing = records.get(patch.id);
    const timestamp = now.toISOString();
    const base = existing ?? {
      ...this.template(collection),
      ...newObjectDefaults(collection, patch.id),
      created: timestamp,
    };
    const record: FakeNetboxRecord = { ...base, ...expanded, id: patch.id };
    if (isRecord(base.custom_fields) && isRecord(expanded.custom_fields)) {
      record.custom_fields = { ...base.custom_fields, ...expanded.custom_fields };
    }
    if (!('last_updated' in patch)) record.last_updated = timestamp;
    applyIdentity(collection, record, patch);
    records.set(record.id, record);
    this.recordChange(collection, existing ? 'update' : 'create', existing ?? null, record, now);
    return copy(record);
  }

  /**
   * Deletes an object as NetBox would: a device's or VM's interfaces go with it, IP addresses on a deleted
   * interface become unassigned, a deleted IP address is no longer anyone's primary IP, a deleted tag is
   * removed from every object. Returns false when there was no such object.
   */
  delete(collection: FakeNetboxCollectionName, id: number): boolean {
    const records = this.records(collection);
    const existing = records.get(id);
    if (!existing || !records.delete(id)) return false;
    this.recordChange(collection, 'delete', existing, null, new Date());
    switch (collection) {
      case 'devices':
        this.deleteWhere('interfaces', (record) => referenceId(record.device) === id);
        break;
      case 'virtual-machines':
        this.deleteWhere(
          'virtual-machine-interfaces',
          (record) => referenceId(record.virtual_machine) === id,
        );
        break;
      case 'interfaces':
      case 'virtual-machine-interfaces':
        this.unassignIpAddresses(FAKE_NETBOX_COLLECTIONS[collection].objectType, id);
        break;
      case 'ip-addresses':
        this.clearPrimaryIp(id);
        break;
      case 'tags':
        this.removeTag(id);
        break;
      case 'custom-fields':
        break;
    }
    return true;
  }

  /** The objects matching NetBox filter parameters (by ascending id), or NetBox-style 400 errors. */
  select(collection: FakeNetboxCollectionName, parameters: URLSearchParams): FakeNetboxSelection {
    const errors: Record<string, string[]> = {};
    const predicates: ((record: FakeNetboxRecord) => boolean)[] = [];
    for (const parameter of new Set(parameters.keys())) {
      if (NON_FILTER_PARAMETERS.has(parameter)) continue;
      const outcome = this.predicate(collection, parameter, parameters.getAll(parameter));
      if (typeof outcome === 'string') errors[parameter] = [outcome];
      else if (outcome) predicates.push(outcome);
    }
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const records = [...this.records(collection).values()]
      .filter((record) => predicates.every((matches) => matches(record)))
      .sort((a, b) => a.id - b.id)
      .map(copy);
    return { ok: true, records };
  }

  private recordChange(
    collection: FakeNetboxCollectionName,
    action: 'create' | 'update' | 'delete',
    before: FakeNetboxRecord | null,
    after: FakeNetboxRecord | null,
    time: Date,
  ): void {
    const record = after ?? before;
    if (!record) return;
    const related = relatedObject(collection, record);
    this.changeLog.record({
      action,
      time,
      changedObjectType: FAKE_NETBOX_COLLECTIONS[collection].objectType,
      changedObjectId: record.id,
      relatedObjectType: related?.type ?? null,
      relatedObjectId: related?.id ?? null,
      objectRepr: typeof record.display === 'string' ? record.display : String(record.id),
      prechangeData: before ? fakeNetboxSnapshot(before) : null,
      postchangeData: after ? fakeNetboxSnapshot(after) : null,
    });
  }

  private records(collection: FakeNetboxCollectionName): Map<number, FakeNetboxRecord> {
    const records = this.collections.get(collection);
    if (!records) throw new Error(`unknown collection ${collection}`);
    return records;
  }

  private template(collection: FakeNetboxCollectionName): FakeNetboxRecord {
    const template = this.templates.get(collection);
    if (!template) throw new Error(`unknown collection ${collection}`);
    return copy(template);
  }

  /** A filter parameter → a predicate; a string is a 400 message; undefined: ignored, as NetBox does. */
  private predicate(
    collection: FakeNetboxCollectionName,
    parameter: string,
    values: string[],
  ): ((record: FakeNetboxRecord) => boolean) | string | undefined {
    const template = this.template(collection);
    const separator = parameter.lastIndexOf('__');
    const lookup = separator > 0 ? parameter.slice(separator + 2) : '';
    if (RANGE_LOOKUPS.has(lookup)) {
      const field = parameter.slice(0, separator);
      if (!(field in template)) return undefined;
      return (record) => values.every((value) => compareRange(record[field], lookup, value));
    }
    if (parameter === 'id') {
      const ids = integers(values);
      if (!ids) return 'Enter a number.';
      return (record) => ids.has(record.id);
    }
    if (parameter === 'tag') {
      return (record) => {
        const slugs = tagSlugs(record.tags);
        return values.every((value) => slugs.includes(value));
      };
    }
    if (collection === 'ip-addresses') {
      const assignment = this.ipAssignmentPredicate(parameter, values);
      if (assignment !== undefined) return assignment;
    }
    if (parameter.endsWith('_id')) {
      const field = parameter.slice(0, -3);
      if (!(field in template) && !(field === 'role' && 'device_role' in template)) return undefined;
      const ids = integers(values);
      const invalid = values.find((value) => !/^\d+$/.test(value));
      if (!ids || invalid !== undefined) {
        return `Select a valid choice. ${invalid ?? values[0] ?? ''} is not one of the available choices.`;
      }
      return (record) => {
        const id = referenceId(record[field]) ?? (field === 'role' ? referenceId(record.device_role) : null);
        return id !== null && ids.has(id);
      };
    }
    if (!(parameter in template)) return undefined;
    return (record) => values.includes(comparableText(record[parameter]));
  }

  /** `device_id`, `virtual_machine_id`, `interface_id`, `vminterface_id` on IP addresses. */
  private ipAssignmentPredicate(
    parameter: string,
    values: string[],
  ): ((record: FakeNetboxRecord) => boolean) | string | undefined {
    const owners: Record<string, { objectType: string; owner?: 'device' | 'virtual_machine' }> = {
      device_id: { objectType: 'dcim.interface', owner: 'device' },
      virtual_machine_id: { objectType: 'virtualization.vminterface', owner: 'virtual_machine' },
      interface_id: { objectType: 'dcim.interface' },
      vminterface_id: { objectType: 'virtualization.vminterface' },
    };
    const match = owners[parameter];
    if (!match) return undefined;
    const ids = integers(values);
    if (!ids) return `Select a valid choice. ${values[0] ?? ''} is not one of the available choices.`;
    const { objectType, owner } = match;
    const interfaces = objectType === 'dcim.interface' ? 'interfaces' : 'virtual-machine-interfaces';
    return (record) => {
      if (record.assigned_object_type !== objectType) return false;
      const interfaceId = typeof record.assigned_object_id === 'number' ? record.assigned_object_id : null;
      if (interfaceId === null) return false;
      if (!owner) return ids.has(interfaceId);
      const stored = this.records(interfaces).get(interfaceId);
      const assigned = isRecord(record.assigned_object) ? record.assigned_object : {};
      const ownerId = referenceId(stored?.[owner]) ?? referenceId(assigned[owner]);
      return ownerId !== null && ids.has(ownerId);
    };
  }

  private expand(
    collection: FakeNetboxCollectionName,
    patch: FakeNetboxObjectPatch,
  ): Record<string, unknown> {
    const expanded: Record<string, unknown> = { ...copy(patch) };
    if (typeof patch.device === 'number') expanded.device = this.briefOf('devices', patch.device);
    if (typeof patch.virtual_machine === 'number') {
      expanded.virtual_machine = this.briefOf('virtual-machines', patch.virtual_machine);
    }
    for (const field of ['primary_ip4', 'primary_ip6', 'primary_ip']) {
      const value = patch[field];
      if (typeof value === 'number') expanded[field] = this.nestedIpAddress(value);
    }
    for (const field of REFERENCE_FIELDS) {
      const value = patch[field];
      if (typeof value === 'number') expanded[field] = this.reference(field, value);
    }
    if (Array.isArray(patch.tags)) {
      expanded.tags = patch.tags.map((tag: unknown) => (typeof tag === 'string' ? this.nestedTag(tag) : tag));
    }
    if (
      collection === 'ip-addresses' &&
      !('assigned_object' in patch) &&
      ('assigned_object_id' in patch || 'assigned_object_type' in patch)
    ) {
      expanded.assigned_object = this.assignedObject(patch.assigned_object_type, patch.assigned_object_id);
    }
    return expanded;
  }

  private briefOf(collection: FakeNetboxCollectionName, id: number): Record<string, unknown> {
    const record = this.records(collection).get(id);
    const url = apiUrl(collection, id);
    if (!record) return { id, url, display: `${collection} ${id}`, name: null, description: '' };
    const brief: Record<string, unknown> = {};
    for (const field of FAKE_NETBOX_COLLECTIONS[collection].briefFields) {
      if (field in record) brief[field] = copy(record[field]);
    }
    return brief;
  }

  private nestedIpAddress(id: number): Record<string, unknown> {
    const ip = this.records('ip-addresses').get(id);
    if (!ip) throw new Error(`fake NetBox: no IP address ${id} to make primary; upsert it first`);
    return {
      id,
      url: ip.url,
      display: ip.display,
      family: copy(ip.family),
      address: ip.address,
      description: ip.description,
      dns_name: ip.dns_name,
      nat_inside: null,
      nat_outside: [],
    };
  }

  private nestedTag(slug: string): Record<string, unknown> {
    let tag = [...this.records('tags').values()].find(
      (record) => record.slug === slug || record.name === slug,
    );
    if (!tag) {
      const ids = [...this.records('tags').keys()];
      tag = this.upsert('tags', { id: Math.max(0, ...ids) + 1, name: slug, slug });
    }
    const { id, url, display_url: displayUrl, display, name, color } = tag;
    return { id, url, display_url: displayUrl, display, name, slug: tag.slug, color };
  }

  /** A site/role/… reference: copied from any object that has it, else made up. */
  private reference(field: string, id: number): Record<string, unknown> {
    for (const name of COLLECTION_NAMES) {
      for (const record of this.records(name).values()) {
        const value = record[field];
        if (isRecord(value) && value.id === id) return copy(value);
      }
    }
    const name = `${field.replace('_', '-')}-${id}`;
    return {
      id,
      url: `${FAKE_NETBOX_FIXTURE_ORIGIN}/api/${field}/${id}/`,
      display: name,
      name,
      slug: name,
      description: '',
    };
  }

  private assignedObject(type: unknown, id: unknown): Record<string, unknown> | null {
    if (typeof id !== 'number') return null;
    const collection =
      type === 'dcim.interface'
        ? 'interfaces'
        : type === 'virtualization.vminterface'
          ? 'virtual-machine-interfaces'
          : undefined;
    if (!collection) return null;
    const record = this.records(collection).get(id);
    if (!record) throw new Error(`fake NetBox: no ${String(type)} ${id} to assign the IP address to`);
    const owner = collection === 'interfaces' ? 'device' : 'virtual_machine';
    return {
      id,
      url: record.url,
      display: record.display,
      [owner]: copy(record[owner]),
      name: record.name,
      description: record.description,
      ...(collection === 'interfaces' ? { cable: null, _occupied: false } : {}),
    };
  }

  private deleteWhere(
    collection: FakeNetboxCollectionName,
    matches: (record: FakeNetboxRecord) => boolean,
  ): void {
    for (const record of [...this.records(collection).values()]) {
      if (matches(record)) this.delete(collection, record.id);
    }
  }

  private unassignIpAddresses(objectType: string, interfaceId: number): void {
    for (const ip of this.records('ip-addresses').values()) {
      if (ip.assigned_object_type === objectType && ip.assigned_object_id === interfaceId) {
        ip.assigned_object_type = null;
        ip.assigned_object_id = null;
        ip.assigned_object = null;
      }
    }
  }

  private clearPrimaryIp(ipId: number): void {
    for (const collection of ['devices', 'virtual-machines'] as const) {
      for (const record of this.records(collection).values()) {
        for (const field of ['primary_ip', 'primary_ip4', 'primary_ip6', 'oob_ip']) {
          if (referenceId(record[field]) === ipId) record[field] = null;
        }
      }
    }
  }

  private removeTag(tagId: number): void {
    for (const name of COLLECTION_NAMES) {
      for (const record of this.records(name).values()) {
        if (Array.isArray(record.tags)) {
          record.tags = record.tags.filter((tag: unknown) => !(isRecord(tag) && tag.id === tagId));
        }
      }
    }
  }
}

/** The object NetBox names as a change's `related_object`: an interface's device or VM, an IP's interface. */
function relatedObject(
  collection: FakeNetboxCollectionName,
  record: FakeNetboxRecord,
): { type: string; id: number } | null {
  switch (collection) {
    case 'interfaces': {
      const id = referenceId(record.device);
      return id === null ? null : { type: 'dcim.device', id };
    }
    case 'virtual-machine-interfaces': {
      const id = referenceId(record.virtual_machine);
      return id === null ? null : { type: 'virtualization.virtualmachine', id };
    }
    case 'ip-addresses':
      return typeof record.assigned_object_type === 'string' && typeof record.assigned_object_id === 'number'
        ? { type: record.assigned_object_type, id: record.assigned_object_id }
        : null;
    case 'devices':
    case 'virtual-machines':
    case 'tags':
    case 'custom-fields':
      return null;
  }
}

function fixtureRecords(collection: FakeNetboxCollectionName): FakeNetboxRecord[] {
  const page = loadNetboxFixture<{ results: FakeNetboxRecord[] }>(
    FAKE_NETBOX_COLLECTIONS[collection].fixture,
  );
  return page.results;
}

/** The first fixture object with what identifies it or links it to other objects emptied. */
function blankTemplate(collection: FakeNetboxCollectionName, first: FakeNetboxRecord): FakeNetboxRecord {
  const blank: FakeNetboxRecord = { ...copy(first), tags: [], description: '' };
  if (isRecord(blank.custom_fields)) {
    blank.custom_fields = Object.fromEntries(Object.keys(blank.custom_fields).map((key) => [key, null]));
  }
  switch (collection) {
    case 'devices':
    case 'virtual-machines':
      Object.assign(blank, {
        primary_ip: null,
        primary_ip4: null,
        primary_ip6: null,
        serial: '',
        comments: '',
      });
      if ('oob_ip' in blank)
        Object.assign(blank, { oob_ip: null, rack: null, position: null, face: null, asset_tag: null });
      break;
    case 'interfaces':
    case 'virtual-machine-interfaces':
      Object.assign(blank, {
        mac_address: null,
        primary_mac_address: null,
        mac_addresses: [],
        count_ipaddresses: 0,
      });
      break;
    case 'ip-addresses':
      Object.assign(blank, {
        dns_name: '',
        assigned_object_type: null,
        assigned_object_id: null,
        assigned_object: null,
      });
      break;
    case 'tags':
      Object.assign(blank, { tagged_items: 0 });
      break;
    case 'custom-fields':
      Object.assign(blank, { label: '', group_name: '' });
      break;
  }
  return blank;
}

/** What a new object gets instead of the template's (fixture) identity. */
function newObjectDefaults(collection: FakeNetboxCollectionName, id: number): Record<string, unknown> {
  switch (collection) {
    case 'devices':
      return { name: `device-${id}` };
    case 'virtual-machines':
      return { name: `virtual-machine-${id}` };
    case 'interfaces':
      return { name: `interface-${id}` };
    case 'virtual-machine-interfaces':
      return { name: `vm-interface-${id}` };
    case 'ip-addresses':
      return { address: `10.${(id >> 16) & 255}.${(id >> 8) & 255}.${id & 255}/32` };
    case 'tags':
      return { name: `tag-${id}`, slug: `tag-${id}` };
    case 'custom-fields':
      return { name: `field_${id}` };
  }
}

/** `url`, `display_url` and `display` as NetBox renders them for the object's current fields. */
function applyIdentity(
  collection: FakeNetboxCollectionName,
  record: FakeNetboxRecord,
  patch: FakeNetboxObjectPatch,
): void {
  record.url = apiUrl(collection, record.id);
  if ('display_url' in record) {
    record.display_url = `${FAKE_NETBOX_FIXTURE_ORIGIN}/${UI_PATHS[collection]}${record.id}/`;
  }
  if ('display' in patch) return;
  if (collection === 'ip-addresses') {
    record.display = record.address;
  } else if (typeof record.name === 'string' && record.name !== '') {
    record.display = record.name;
  } else {
    const deviceType =
      isRecord(record.device_type) && typeof record.device_type.display === 'string'
        ? record.device_type.display
        : '';
    record.display = deviceType ? `${deviceType} (${record.id})` : String(record.id);
  }
}

function apiUrl(collection: FakeNetboxCollectionName, id: number): string {
  return `${FAKE_NETBOX_FIXTURE_ORIGIN}/${FAKE_NETBOX_COLLECTIONS[collection].endpoint}${id}/`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function referenceId(value: unknown): number | null {
  return isRecord(value) && typeof value.id === 'number' ? value.id : null;
}

function tagSlugs(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((tag: unknown) => (isRecord(tag) ? comparableText(tag.slug) : comparableText(tag)));
}

/** What an exact filter compares: a choice's value, a reference's slug or name, or the value itself. */
function comparableText(value: unknown): string {
  if (isRecord(value)) return comparableText(value.slug ?? value.value ?? value.name);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return '';
}

function compareRange(value: unknown, lookup: string, bound: string): boolean {
  const left = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  const right = typeof value === 'number' ? Number(bound) : Date.parse(bound);
  if (Number.isNaN(left) || Number.isNaN(right)) return false;
  switch (lookup) {
    case 'gte':
      return left >= right;
    case 'gt':
      return left > right;
    case 'lte':
      return left <= right;
    default:
      return left < right;
  }
}

function integers(values: string[]): Set<number> | undefined {
  if (values.some((value) => !/^\d+$/.test(value))) return undefined;
  return new Set(values.map(Number));
}

function copy<T>(value: T): T {
  return structuredClone(value);
}
