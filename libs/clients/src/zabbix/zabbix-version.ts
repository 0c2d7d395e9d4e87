const VERSION_PATTERN = /^\s*(\d+)\.(\d+)(?:\.(\d+))?/;

/** A Zabbix API version as `apiinfo.version` reports it (`6.0.14`, `7.0.0rc1`), comparable. */
export class ZabbixVersion {
  private constructor(
    readonly major: number,
    readonly minor: number,
    readonly patch: number,
  ) {}

  static of(major: number, minor: number, patch = 0): ZabbixVersion {
    return new ZabbixVersion(major, minor, patch);
  }

  /** Returns undefined for text that does not start with `<major>.<minor>`. */
  static parse(text: string): ZabbixVersion | undefined {
    const match = VERSION_PATTERN.exec(text);
    if (!match) return undefined;
    return new ZabbixVersion(Number(match[1]), Number(match[2]), Number(match[3] ?? '0'));
  }

  /** Negative when this version is older than `other`, 0 when equal, positive when newer. */
  compare(other: ZabbixVersion): number {
    return this.major - other.major || this.minor - other.minor || this.patch - other.patch;
  }

  isAtLeast(major: number, minor = 0, patch = 0): boolean {
    return this.compare(ZabbixVersion.of(major, minor, patch)) >= 0;
  }

  toString(): string {
    return `${this.major}.${this.minor}.${this.patch}`;
  }
}
