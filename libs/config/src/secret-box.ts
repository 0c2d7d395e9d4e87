import { createCipheriv, createDecipheriv, createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from './load-config';

const PREFIX = 'enc:v1:';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED_PATTERN = /^enc:v1:([0-9a-f]{8}):([A-Za-z0-9_-]+)$/;

/** What `loadSecretBox` reads: the current key, by value or in a file, and earlier keys still readable. */
export interface SecretKeySources {
  readonly SECRETS_KEY?: string;
  readonly SECRETS_KEY_FILE?: string;
  readonly SECRETS_PREVIOUS_KEYS?: string;
}

interface SecretKey {
  readonly id: string;
  readonly key: Buffer;
  /** Derives the synthetic IV: the same value sealed twice gives the same text, so rows do not churn. */
  readonly ivKey: Buffer;
  /** Keys `digest`. */
  readonly digestKey: Buffer;
}

/** A sealed value whose key is not configured, or whose text was altered. */
export class SecretOpenError extends Error {
  override readonly name = 'SecretOpenError';
}

/**
 * AES-256-GCM for the secrets the bridge stores and sends (PSKs, SNMP passphrases): `enc:v1:<key id>:<data>`,
 * the key id being the first 8 hex digits of the key's SHA-256, so rows and messages name the key that
 * sealed them and a key can be rotated (seal with the new one, still open with the old ones). The IV is
 * derived from the value (HMAC-SHA256 with a key of its own, as in SIV): a value sealed twice reads the same,
 * which only tells that two sealed values are equal. `context` (a job id, a column name) is authenticated, so
 * a sealed value cannot be moved elsewhere.
 */
export class SecretBox {
  private readonly keys: ReadonlyMap<string, SecretKey>;
  private readonly current: SecretKey;

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    const all = [current, ...previous].map(toSecretKey);
    this.current = all[0];
    this.keys = new Map(all.map((key) => [key.id, key]));
  }

  /** Id of the key new values are sealed with. */
  get currentKeyId(): string {
    return this.current.id;
  }

  seal(plain: string, context: string): string {
    const { key, ivKey, id } = this.current;
    const iv = createHmac('sha256', ivKey)
      .update(context)
      .update('\0')
      .update(plain)
      .digest()
      .subarray(0, IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${id}:${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')}`;
  }

  open(sealed: string, context: string): string {
    const match = SEALED_PATTERN.exec(sealed);
    if (!match) throw new SecretOpenError('not a sealed value');
    const [, id, text] = match as unknown as [string, string, string];
    const secretKey = this.keys.get(id);
    if (!secretKey) throw new SecretOpenError(`sealed with key ${id}, which is not configured`);
    const bytes = Buffer.from(text, 'base64url');
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretOpenError('sealed value is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', secretKey.key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretOpenError(`sealed value does not open with key ${id} (altered, or another context)`);
    }
  }

  /**
   * A keyed digest (HMAC-SHA256 with a key derived from the current key, 64 hex digits) of a text that may
   * hold secrets: stored to notice a change without making the secrets guessable offline, as a plain hash
   * of a weak passphrase would be. `context` keeps digests of different things apart. Another key gives
   * another digest.
   */
  digest(text: string, context: string): string {
    return createHmac('sha256', this.current.digestKey)
      .update(context)
      .update('\0')
      .update(text)
      .digest('hex');
  }

  /** True for a value this box made (any key): `enc:v1:…`. */
  static isSealed(value: string): boolean {
    return SEALED_PATTERN.test(value);
  }

  /** The key id a sealed value names, or undefined for a plain value. */
  static keyIdOf(value: string): string | undefined {
    return SEALED_PATTERN.exec(value)?.[1];
  }
}

function toSecretKey(key: Buffer): SecretKey {
  return {
    id: createHash('sha256').update(key).digest('hex').slice(0, 8),
    key,
    ivKey: createHmac('sha256', key).update('nbzb-secret-box-iv').digest(),
    digestKey: createHmac('sha256', key).update('nbzb-secret-box-digest').digest(),
  };
}

/** 32 bytes as 64 hex digits or base64 (44 characters); anything else is refused, naming the variable. */
export function parseSecretKey(text: string, variable: string): Buffer {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)
      ? Buffer.from(trimmed, 'base64')
      : undefined;
  if (bytes?.length !== KEY_BYTES) {
    throw new ConfigError(
      `Invalid configuration: ${variable} (a key is 32 bytes: 64 hex digits or 44 base64 characters)`,
    );
  }
  return bytes;
}

/**
 * The secret box of the scheduler and the writers, from SECRETS_KEY or SECRETS_KEY_FILE (one of them is
 * required; the file's first line is the current key, further lines earlier keys) and SECRETS_PREVIOUS_KEYS
 * (comma-separated earlier keys, still opened). Invalid or missing keys stop the process, naming the variable.
 */
export function loadSecretBox(
  sources: SecretKeySources,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): SecretBox {
  const previous: Buffer[] = [];
  let current: Buffer | undefined;
  if (sources.SECRETS_KEY) current = parseSecretKey(sources.SECRETS_KEY, 'SECRETS_KEY');
  if (sources.SECRETS_KEY_FILE) {
    let text: string;
    try {
      text = readFile(sources.SECRETS_KEY_FILE);
    } catch (error) {
      const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
      throw new ConfigError(`Invalid configuration: SECRETS_KEY_FILE (${reason})`);
    }
    const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
    const keys = lines.map((line) => parseSecretKey(line, 'SECRETS_KEY_FILE'));
    if (keys.length === 0) throw new ConfigError('Invalid configuration: SECRETS_KEY_FILE (empty)');
    if (current) previous.push(...keys);
    else {
      current = keys[0];
      previous.push(...keys.slice(1));
    }
  }
  if (!current) {
    throw new ConfigError(
      'Invalid configuration: SECRETS_KEY or SECRETS_KEY_FILE is required (32 bytes, hex or base64; ' +
        'generate one with `openssl rand -hex 32`)',
    );
  }
  for (const text of (sources.SECRETS_PREVIOUS_KEYS ?? '').split(',')) {
    if (text.trim() !== '') previous.push(parseSecretKey(text, 'SECRETS_PREVIOUS_KEYS'));
  }
  return new SecretBox(current, previous);
}
