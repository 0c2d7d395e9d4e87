import { loadNetboxFixture, readNetboxFixture } from '@lib/testing';
import { checkWebhookSignature, signWebhookBody } from './webhook-signature';

interface SignatureVector {
  secret: string;
  body_file: string;
  body_length_bytes: number;
  expected_x_hook_signature: string;
}

const vector = loadNetboxFixture<SignatureVector>('webhook-signature-vector.json');
const rawBody = Buffer.from(readNetboxFixture(vector.body_file), 'utf8');
const signature = vector.expected_x_hook_signature;

function flipLastDigit(hex: string): string {
  return hex.slice(0, -1) + (hex.endsWith('0') ? '1' : '0');
}

describe(signWebhookBody.name, () => {
  it('should produce the fixture signature when it signs the raw NetBox body', () => {
    expect(rawBody.length).toBe(vector.body_length_bytes);
    expect(signWebhookBody(vector.secret, rawBody)).toBe(signature);
  });
});

describe(checkWebhookSignature.name, () => {
  it.each<[string, string | string[] | undefined, string]>([
    ['the fixture signature', signature, 'valid'],
    [
      'the fixture signature in upper case (accepted: hex case carries no information)',
      signature.toUpperCase(),
      'valid',
    ],
    ['no header', undefined, 'missing'],
    ['an empty header', '', 'missing'],
    ['a wrong signature of the right length', flipLastDigit(signature), 'invalid'],
    ['a truncated signature', signature.slice(0, -2), 'invalid'],
    ['a signature one digit short', signature.slice(0, -1), 'invalid'],
    ['a signature with extra digits', `${signature}00`, 'invalid'],
    ['128 characters that are not hex', 'z'.repeat(128), 'invalid'],
    ['a SHA-256 sized signature', signature.slice(0, 64), 'invalid'],
    ['a prefixed signature', `sha512=${signature}`, 'invalid'],
    ['the header sent twice', [signature, signature], 'invalid'],
  ])('should find %s %s', (_case, header, expected) => {
    expect(checkWebhookSignature(vector.secret, rawBody, header)).toBe(expected);
  });

  it('should reject the signature when the secret differs', () => {
    expect(checkWebhookSignature(`${vector.secret}x`, rawBody, signature)).toBe('invalid');
  });

  it('should reject the signature when the body was re-serialised', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(rawBody.toString('utf8'))), 'utf8');

    expect(checkWebhookSignature(vector.secret, reserialised, signature)).toBe('invalid');
  });
});
