/**
 * Small tolerant readers for NetBox serializer output. They accept every NetBox version's spelling of a value
 * (3.x nested serializers, 4.x brief serializers, bare values where older versions had them) and fall back to
 * `null`/`''`/`[]` rather than throw: only a missing object `id` is an error (see `readObjectId`).
 */

/** One JSON object as NetBox sent it. */
export type NetboxRecord = Readonly<Record<string, unknown>>;

export function isNetboxRecord(value: unknown): value is NetboxRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A positive integer id (NetBox ids are integers; some proxies or old plugins send them as strings). */
export function readId(value: unknown): number | null {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : null;
}

export function readText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return '';
}

export function readNullableText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

export function readNullableNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

export function readBoolean(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

export function readTextList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string');
}

export function readRecordOrEmpty(value: unknown): NetboxRecord {
  return isNetboxRecord(value) ? value : {};
}
