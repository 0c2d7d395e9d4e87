import { BlockList, isIP } from 'node:net';

/** A list of networks (CIDRs or single addresses, IPv4 and IPv6) that can tell whether an address is in it. */
export class NetworkList {
  private constructor(
    private readonly list: BlockList,
    /** As configured, for messages. */
    readonly entries: readonly string[],
  ) {}

  /**
   * Parses `10.0.0.0/8, 2001:db8::/32, 192.0.2.7`. Throws naming the first entry that is not an address or
   * a network (the caller names the variable).
   */
  static parse(text: string): NetworkList {
    const list = new BlockList();
    const entries = text
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    for (const entry of entries) {
      const [address = '', prefixText, ...rest] = entry.split('/');
      const family = isIP(address);
      const maxPrefix = family === 4 ? 32 : 128;
      const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
      if (family === 0 || rest.length > 0 || !/^\d{1,3}$/.test(prefixText ?? '0') || prefix > maxPrefix) {
        throw new Error(`"${entry}" is not an IPv4 or IPv6 address or network (CIDR)`);
      }
      list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
    }
    return new NetworkList(list, entries);
  }

  get empty(): boolean {
    return this.entries.length === 0;
  }

  has(address: string): boolean {
    const plain = unmapIpv4(address);
    const family = isIP(plain);
    if (family === 0) return false;
    return this.list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** `::ffff:192.0.2.7` (an IPv4 client on a dual-stack socket) → `192.0.2.7`. */
export function unmapIpv4(address: string): string {
  const match = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return match?.[1] ?? address;
}

/**
 * The client's address: the peer's, unless the peer is a trusted proxy; then X-Forwarded-For is read from
 * the right, skipping trusted proxies, and the first address that is not one is the client (entries further
 * left were written by the client itself and prove nothing). Without trusted proxies the header is ignored.
 */
export function sourceAddressOf(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: NetworkList,
): string | undefined {
  if (peer === undefined) return undefined;
  let client = unmapIpv4(peer);
  if (!trustedProxies.has(client) || forwardedFor === undefined) return client;
  const hops = forwardedFor
    .split(',')
    .map((hop) => unmapIpv4(hop.trim()))
    .filter((hop) => hop !== '');
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    client = hops[index] ?? client;
    if (!trustedProxies.has(client)) return client;
  }
  return client;
}

/** Why a webhook from this source is refused, or undefined when it may come in (no list: every source). */
export function sourceNetworkProblem(source: string | undefined, allowed: NetworkList): string | undefined {
  if (allowed.empty) return undefined;
  if (source === undefined) return 'the source address is unknown; WEBHOOK_ALLOWED_NETWORKS is set';
  if (allowed.has(source)) return undefined;
  return `source address ${source} is not in WEBHOOK_ALLOWED_NETWORKS`;
}
