/** Keys whose values are secrets wherever they appear in a row's JSON (desired hosts, settings, interfaces). */
const SECRET_KEYS = new Set([
  'tlsPsk',
  'tls_psk',
  'snmpAuthpassphrase',
  'snmpPrivpassphrase',
  'snmpCommunity',
  'authpassphrase',
  'privpassphrase',
  'community',
  'sealedSecrets',
  'password',
  'token',
]);

/** A copy of a JSON value with every secret-named key left out, at any depth. */
export function withoutSecretKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => withoutSecretKeys(item)) as T;
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !SECRET_KEYS.has(key))
      .map(([key, item]) => [key, withoutSecretKeys(item)]),
  ) as T;
}
