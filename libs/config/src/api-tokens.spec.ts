import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertApiProtected, isLoopbackHost, loadApiTokens } from './api-tokens';
import { ConfigError } from './load-config';

const RW = 'rw-token-0123456789abcdef';
const RO = 'ro-token-0123456789abcdef';

describe(loadApiTokens.name, () => {
  it('should read name, access and token of each entry', () => {
    const tokens = loadApiTokens({ API_TOKENS: `admin:rw:${RW}, viewer:ro:${RO}` });

    expect(tokens).toEqual([
      { name: 'admin', access: 'rw', token: RW },
      { name: 'viewer', access: 'ro', token: RO },
    ]);
  });

  it('should add the entries of API_TOKENS_FILE, skipping comments and blank lines', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'api-tokens-')), 'tokens');
    writeFileSync(file, `# operators\nviewer:ro:${RO}\n\nci:rw:ci-token-0123456789abcdef # the pipeline\n`);

    const tokens = loadApiTokens({ API_TOKENS: `admin:rw:${RW}`, API_TOKENS_FILE: file });

    expect(tokens.map((token) => `${token.name}:${token.access}`)).toEqual([
      'admin:rw',
      'viewer:ro',
      'ci:rw',
    ]);
  });

  it('should have no tokens when neither variable is set', () => {
    expect(loadApiTokens({})).toEqual([]);
  });

  it.each([
    ['a missing access', `admin:${RW}`, /API_TOKENS \(entry 1 "admin"\): access/],
    ['an unknown access', `admin:admin:${RW}`, /access must be ro or rw/],
    ['a short token', 'admin:rw:short', /token must be 16/],
    ['a bad name', `ad min:rw:${RW}`, /API_TOKENS \(entry 1\): name/],
    ['a name twice', `a:rw:${RW},a:ro:${RO}`, /"a" is given twice/],
    ['a token twice', `a:rw:${RW},b:ro:${RW}`, /"b" repeats/],
  ])('should refuse %s, naming the variable but never the token', (_case, value, message) => {
    const attempt = (): unknown => loadApiTokens({ API_TOKENS: value });

    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    expect(attempt).not.toThrow(/0123456789abcdef|short/);
  });

  it('should name API_TOKENS_FILE when the file cannot be read', () => {
    expect(() => loadApiTokens({ API_TOKENS_FILE: '/nonexistent/tokens' })).toThrow(
      /API_TOKENS_FILE \(ENOENT\)/,
    );
  });
});

describe(assertApiProtected.name, () => {
  it.each(['127.0.0.1', '127.0.1.1', '::1', '[::1]', 'localhost'])(
    'should allow no tokens on the loopback address %s',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
      expect(() => assertApiProtected([], host)).not.toThrow();
    },
  );

  it.each(['0.0.0.0', '::', '10.0.0.5', 'scheduler.example.com'])(
    'should refuse no tokens on %s, naming API_TOKENS',
    (host) => {
      expect(() => assertApiProtected([], host)).toThrow(/API_TOKENS/);
    },
  );

  it('should allow any address once a token is set', () => {
    expect(() => assertApiProtected([{ name: 'a', access: 'ro', token: RO }], '0.0.0.0')).not.toThrow();
  });
});
