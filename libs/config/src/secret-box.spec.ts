import { createHash } from 'node:crypto';
import { ConfigError } from './load-config';
import { loadSecretBox, SecretBox, SecretOpenError } from './secret-box';

const KEY_HEX = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const OTHER_HEX = 'ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100';

describe(SecretBox.name, () => {
  const box = loadSecretBox({ SECRETS_KEY: KEY_HEX });

  it('should open what it sealed, for the same context', () => {
    const sealed = box.seal('0123456789abcdef0123456789abcdef', 'job:1');
    expect(sealed).toMatch(/^enc:v1:[0-9a-f]{8}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('0123456789abcdef');
    expect(box.open(sealed, 'job:1')).toBe('0123456789abcdef0123456789abcdef');
  });

  it('should seal a value the same way twice (rows do not churn) and differently per context', () => {
    expect(box.seal('secret', 'a')).toBe(box.seal('secret', 'a'));
    expect(box.seal('secret', 'a')).not.toBe(box.seal('secret', 'b'));
    expect(box.seal('secret', 'a')).not.toBe(box.seal('secret2', 'a'));
  });

  it('should refuse another context, an altered text and an unknown key', () => {
    const sealed = box.seal('secret', 'job:1');
    expect(() => box.open(sealed, 'job:2')).toThrow(SecretOpenError);
    const altered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => box.open(altered, 'job:1')).toThrow(SecretOpenError);
    const other = loadSecretBox({ SECRETS_KEY: OTHER_HEX });
    expect(() => other.open(sealed, 'job:1')).toThrow(/not configured/);
  });

  it('should open values of an earlier key and seal with the current one after a rotation', () => {
    const before = box.seal('secret', 'c');
    const rotated = loadSecretBox({ SECRETS_KEY: OTHER_HEX, SECRETS_PREVIOUS_KEYS: KEY_HEX });
    expect(rotated.open(before, 'c')).toBe('secret');
    expect(SecretBox.keyIdOf(rotated.seal('secret', 'c'))).toBe(rotated.currentKeyId);
    expect(rotated.currentKeyId).not.toBe(box.currentKeyId);
    expect(SecretBox.keyIdOf(before)).toBe(box.currentKeyId);
  });

  it('should digest a text the same way for one key and context, and not as a plain hash would', () => {
    const digest = box.digest('{"psk":"weak"}', 'rules');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(box.digest('{"psk":"weak"}', 'rules')).toBe(digest);
    expect(box.digest('{"psk":"weak2"}', 'rules')).not.toBe(digest);
    expect(box.digest('{"psk":"weak"}', 'other')).not.toBe(digest);
    expect(loadSecretBox({ SECRETS_KEY: OTHER_HEX }).digest('{"psk":"weak"}', 'rules')).not.toBe(digest);
    expect(digest).not.toBe(createHash('sha256').update('{"psk":"weak"}').digest('hex'));
  });
});

describe(loadSecretBox.name, () => {
  it('should take a base64 key as well as a hex one', () => {
    const base64 = Buffer.from(KEY_HEX, 'hex').toString('base64');
    expect(loadSecretBox({ SECRETS_KEY: base64 }).currentKeyId).toBe(
      loadSecretBox({ SECRETS_KEY: KEY_HEX }).currentKeyId,
    );
  });

  it('should read the current key and earlier ones from the key file', () => {
    const box = loadSecretBox(
      { SECRETS_KEY_FILE: '/keys' },
      () => `# current first\n${OTHER_HEX}\n${KEY_HEX}\n`,
    );
    expect(box.currentKeyId).toBe(loadSecretBox({ SECRETS_KEY: OTHER_HEX }).currentKeyId);
    const sealedWithOld = loadSecretBox({ SECRETS_KEY: KEY_HEX }).seal('x', 'c');
    expect(box.open(sealedWithOld, 'c')).toBe('x');
  });

  it.each([
    [{}, /SECRETS_KEY or SECRETS_KEY_FILE is required/],
    [{ SECRETS_KEY: 'too-short' }, /SECRETS_KEY \(a key is 32 bytes/],
    [{ SECRETS_KEY: KEY_HEX.slice(2) }, /SECRETS_KEY \(/],
    [{ SECRETS_KEY: KEY_HEX, SECRETS_PREVIOUS_KEYS: 'nope' }, /SECRETS_PREVIOUS_KEYS/],
    [{ SECRETS_KEY_FILE: '/missing' }, /SECRETS_KEY_FILE \(ENOENT\)/],
  ])('should refuse %j, naming the variable and never the value', (sources, message) => {
    const readFile = (): string => {
      throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    };
    const attempt = (): unknown => loadSecretBox(sources, readFile);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    expect(attempt).not.toThrow(/too-short|nope/);
  });
});
