import { ZabbixResponseShapeError } from './zabbix-response-shape.error';

export type JsonRecord = Record<string, unknown>;

/**
 * Small readers that turn an untyped JSON-RPC result into typed values, failing with a
 * ZabbixResponseShapeError that names the method and the field instead of a TypeError later on.
 */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readRecord(method: string, value: unknown, what: string): JsonRecord {
  if (!isRecord(value)) throw new ZabbixResponseShapeError(method, `${what} is not an object`);
  return value;
}

export function readRecords(method: string, value: unknown, what = 'result'): JsonRecord[] {
  if (!Array.isArray(value)) throw new ZabbixResponseShapeError(method, `${what} is not an array`);
  return value.map((item, index) => readRecord(method, item, `${what}[${index}]`));
}

export function readString(method: string, record: JsonRecord, key: string): string {
  const value = record[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new ZabbixResponseShapeError(method, `field "${key}" is missing or not a string`);
}

export function readOptionalString(record: JsonRecord, key: string): string | undefined {
  const value = record[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Zabbix sends integers as strings (`"status":"0"`). */
export function readInteger(method: string, record: JsonRecord, key: string): number {
  const text = readString(method, record, key);
  const value = Number(text);
  if (!Number.isInteger(value))
    throw new ZabbixResponseShapeError(method, `field "${key}" is not an integer`);
  return value;
}

export function readOptionalInteger(record: JsonRecord, key: string): number | undefined {
  const text = readOptionalString(record, key);
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  return Number.isInteger(value) ? value : undefined;
}

/** An id list under `key` (`{"hostids":["10501"]}`), as create/update/delete methods return. */
export function readIds(method: string, value: unknown, key: string): string[] {
  const record = readRecord(method, value, 'result');
  const ids = record[key];
  if (!Array.isArray(ids)) throw new ZabbixResponseShapeError(method, `field "${key}" is not an array`);
  return ids.map((id, index) => {
    if (typeof id === 'string') return id;
    if (typeof id === 'number') return String(id);
    throw new ZabbixResponseShapeError(method, `${key}[${index}] is not an id`);
  });
}

/** A list of related objects (`groups`, `hosts`), or an empty list when the property is absent. */
export function readRelated(method: string, record: JsonRecord, keys: readonly string[]): JsonRecord[] {
  for (const key of keys) {
    if (key in record) return readRecords(method, record[key], key);
  }
  return [];
}
