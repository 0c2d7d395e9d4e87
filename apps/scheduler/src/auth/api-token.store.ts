import { createHash, timingSafeEqual } from 'node:crypto';
import { type ApiToken, type ApiTokenAccess } from '@lib/config';

/** Who made an API request: a token's name and access, or nobody when the API is open (no tokens). */
export interface ApiCaller {
  readonly name: string;
  readonly access: ApiTokenAccess;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * The management API's tokens. A presented token is compared with every configured one in constant time
 * (SHA-256 digests of equal length, every token compared whatever matched), so the answer time says nothing
 * about how much of a token was right. The tokens themselves stay in here.
 */
export class ApiTokenStore {
  private readonly entries: readonly { readonly caller: ApiCaller; readonly digest: Buffer }[];

  constructor(tokens: readonly ApiToken[]) {
    this.entries = tokens.map((token) => ({
      caller: { name: token.name, access: token.access },
      digest: digest(token.token),
    }));
  }

  /** No token configured: the API is open (allowed on a loopback address only). */
  get open(): boolean {
    return this.entries.length === 0;
  }

  /** The callers configured, for the start-up log (names and access only). */
  get callers(): ApiCaller[] {
    return this.entries.map((entry) => entry.caller);
  }

  authenticate(presented: string): ApiCaller | null {
    const candidate = digest(presented);
    let found: ApiCaller | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(candidate, entry.digest) && found === null) found = entry.caller;
    }
    return found;
  }
}
