/**
 * `Token <token>`: v1 tokens (40 characters), the only scheme up to NetBox 4.4.
 * `Bearer nbt_<key>.<token>`: v2 tokens, NetBox 4.5+.
 */
export type NetboxAuthorizationScheme = 'Token' | 'Bearer';

/** The prefix of NetBox v2 tokens (`users.constants.TOKEN_PREFIX`). */
export const NETBOX_V2_TOKEN_PREFIX = 'nbt_';

export interface NetboxCredential {
  readonly scheme: NetboxAuthorizationScheme;
  /** The bare token, without any scheme word. Never logged. */
  readonly token: string;
}

const SCHEME_WORD = /^(token|bearer)\s+/i;

/**
 * Reads a configured token into a scheme and the bare token. The scheme is `override` if given, else the one
 * written in front of the token (`Token …`/`Bearer …`, as people paste them from NetBox's UI), else `Bearer`
 * for v2 (`nbt_…`) and `Token` for everything else. Throws a TypeError (without the token) when the token is
 * empty, only a scheme word, or contains whitespace (no NetBox token does; it would corrupt the header).
 */
export function netboxCredential(configured: string, override?: NetboxAuthorizationScheme): NetboxCredential {
  let token = configured.trim();
  let written: NetboxAuthorizationScheme | undefined;
  const match = SCHEME_WORD.exec(token);
  if (match) {
    written = match[1]?.toLowerCase() === 'bearer' ? 'Bearer' : 'Token';
    token = token.slice(match[0].length);
  }
  if (token === '' || /\s/.test(token) || /^(token|bearer)$/i.test(token)) {
    throw new TypeError('The NetBox API token is empty or contains whitespace');
  }
  const scheme = override ?? written ?? (token.startsWith(NETBOX_V2_TOKEN_PREFIX) ? 'Bearer' : 'Token');
  return { scheme, token };
}

/** The `Authorization` header value. */
export function netboxAuthorizationHeader(credential: NetboxCredential): string {
  return `${credential.scheme} ${credential.token}`;
}
