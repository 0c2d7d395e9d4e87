import { createHmac, timingSafeEqual } from 'node:crypto';

/** NetBox sends it only when the webhook has a secret. */
export const SIGNATURE_HEADER = 'x-hook-signature';

const SHA512_HEX = /^[0-9a-f]{128}$/i;

export type SignatureCheck = 'valid' | 'missing' | 'invalid';

/** What NetBox puts in `X-Hook-Signature`: the HMAC-SHA512 of the raw body bytes, as lowercase hex. */
export function signWebhookBody(secret: string, rawBody: Uint8Array): string {
  return createHmac('sha512', secret).update(rawBody).digest('hex');
}

/**
 * Checks `X-Hook-Signature` against the raw body in constant time. Anything but exactly 128 hex digits is
 * invalid before any comparison (its length is no secret). The hex is compared as bytes, so upper-case hex
 * is accepted too: NetBox sends lower case, and case carries no information.
 */
export function checkWebhookSignature(
  secret: string,
  rawBody: Uint8Array,
  header: string | readonly string[] | undefined,
): SignatureCheck {
  if (header === undefined || header.length === 0) return 'missing';
  if (typeof header !== 'string') return 'invalid';
  const given = header.trim();
  if (!SHA512_HEX.test(given)) return 'invalid';
  const expected = createHmac('sha512', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex')) ? 'valid' : 'invalid';
}
