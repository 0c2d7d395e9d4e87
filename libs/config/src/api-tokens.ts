import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { ConfigError } from './load-config';

export const API_TOKEN_ACCESS = ['ro', 'rw'] as const;
export type ApiTokenAccess = (typeof API_TOKEN_ACCESS)[number];

/** One bearer token of the management API: who it is (recorded on the jobs it starts) and what it may do. */
export interface ApiToken {
  readonly name: string;
  readonly access: ApiTokenAccess;
  /** Never logged, never returned. */
  readonly token: string;
}

export interface ApiTokenSources {
  /** `name:ro:<token>,name2:rw:<token>` (commas or newlines between entries). */
  readonly API_TOKENS?: string;
  /** A file of the same entries, one per line; `#` starts a comment. */
  readonly API_TOKENS_FILE?: string;
}

const NAME = /^[A-Za-z0-9_.@-]{1,64}$/;
/** Printable ASCII without spaces, commas or colons; long enough not to be guessed. */
const TOKEN = /^[\x21-\x2b\x2d-\x39\x3b-\x7e]{16,512}$/;

function parseEntries(text: string, variable: string): ApiToken[] {
  const tokens: ApiToken[] = [];
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.replace(/#.*$/, '').trim())
    .filter((entry) => entry.length > 0);
  entries.forEach((entry, index) => {
    const [name = '', access = '', ...rest] = entry.split(':');
    const token = rest.join(':');
    // Never the entry itself in the message: it holds the token.
    const where = `${variable} (entry ${index + 1}${NAME.test(name) ? ` "${name}"` : ''})`;
    if (!NAME.test(name)) throw new ConfigError(`Invalid configuration: ${where}: name must match ${NAME}`);
    if (!API_TOKEN_ACCESS.includes(access as ApiTokenAccess))
      throw new ConfigError(`Invalid configuration: ${where}: access must be ro or rw`);
    if (!TOKEN.test(token))
      throw new ConfigError(
        `Invalid configuration: ${where}: the token must be 16 to 512 printable characters without spaces, commas or colons`,
      );
    tokens.push({ name, access: access as ApiTokenAccess, token });
  });
  return tokens;
}

/**
 * The management API's tokens from API_TOKENS and the file API_TOKENS_FILE, validated at boot: a bad entry,
 * an unreadable file, or a name or token given twice stops the process, naming the variable (never a token).
 */
export function loadApiTokens(sources: ApiTokenSources): ApiToken[] {
  const tokens = sources.API_TOKENS ? parseEntries(sources.API_TOKENS, 'API_TOKENS') : [];
  if (sources.API_TOKENS_FILE) {
    let text: string;
    try {
      text = readFileSync(sources.API_TOKENS_FILE, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ConfigError(`Invalid configuration: API_TOKENS_FILE (${code})`);
    }
    tokens.push(...parseEntries(text, 'API_TOKENS_FILE'));
  }
  const names = new Set<string>();
  const values = new Set<string>();
  for (const token of tokens) {
    if (names.has(token.name))
      throw new ConfigError(`Invalid configuration: API_TOKENS: the name "${token.name}" is given twice`);
    if (values.has(token.token))
      throw new ConfigError(
        `Invalid configuration: API_TOKENS: token "${token.name}" repeats another's value`,
      );
    names.add(token.name);
    values.add(token.token);
  }
  return tokens;
}

/** 127.0.0.0/8, ::1 and `localhost`: an address only this machine reaches. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare.toLowerCase() === '::ffff:127.0.0.1';
  return false;
}

/**
 * Without tokens the API is open, which is allowed only where nobody else can reach it: a scheduler that
 * listens on another address without a token refuses to start.
 */
export function assertApiProtected(tokens: readonly ApiToken[], host: string): void {
  if (tokens.length === 0 && !isLoopbackHost(host)) {
    throw new ConfigError(
      `Invalid configuration: API_TOKENS (required when SCHEDULER_HOST is not a loopback address; set API_TOKENS or API_TOKENS_FILE)`,
    );
  }
}
