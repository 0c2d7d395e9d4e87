import {
  isNetboxRecord,
  readNullableNumber,
  readNullableText,
  readRecordOrEmpty,
  readText,
  type NetboxRecord,
} from './netbox-response-readers';

export interface NetboxVersionNumber {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** `/api/status/`. */
export interface NetboxStatus {
  /** `netbox-version`: `4.6.8`, `v3.7.8`, `4.7.0-beta1`, `4.2.2-Docker-3.2.0`. */
  readonly netboxVersion: string;
  /** The parsed `netboxVersion`, or null when it does not start with `major.minor`. */
  readonly version: NetboxVersionNumber | null;
  readonly djangoVersion: string | null;
  readonly pythonVersion: string | null;
  /** Installed plugins: `{name: version}`. */
  readonly plugins: Readonly<Record<string, string>>;
  readonly workersRunning: number | null;
  readonly raw: NetboxRecord;
}

/** `4.6.8` → {4, 6, 8}; tolerates a `v` prefix, a missing patch and suffixes (`-beta1`, `-Docker-3.2.0`). */
export function parseNetboxVersion(text: string): NetboxVersionNumber | null {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

export function isNetboxVersionAtLeast(
  version: NetboxVersionNumber,
  major: number,
  minor: number,
  patch = 0,
): boolean {
  if (version.major !== major) return version.major > major;
  if (version.minor !== minor) return version.minor > minor;
  return version.patch >= patch;
}

/** Cursor pagination (`?start=`) exists since NetBox 4.6. */
export function supportsCursorPagination(version: NetboxVersionNumber): boolean {
  return isNetboxVersionAtLeast(version, 4, 6);
}

/** v2 tokens (`Bearer nbt_…`) exist since NetBox 4.5. */
export function supportsBearerTokens(version: NetboxVersionNumber): boolean {
  return isNetboxVersionAtLeast(version, 4, 5);
}

/** undefined when `raw` has no `netbox-version`. */
export function parseNetboxStatus(raw: unknown): NetboxStatus | undefined {
  if (!isNetboxRecord(raw)) return undefined;
  const netboxVersion = readText(raw['netbox-version']);
  if (netboxVersion === '') return undefined;
  const plugins: Record<string, string> = {};
  for (const [name, version] of Object.entries(readRecordOrEmpty(raw.plugins))) {
    plugins[name] = readText(version);
  }
  return {
    netboxVersion,
    version: parseNetboxVersion(netboxVersion),
    djangoVersion: readNullableText(raw['django-version']),
    pythonVersion: readNullableText(raw['python-version']),
    plugins,
    workersRunning: readNullableNumber(raw['rq-workers-running']),
    raw,
  };
}
