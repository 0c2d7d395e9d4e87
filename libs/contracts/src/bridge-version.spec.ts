import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BRIDGE_VERSION } from './bridge-version';

describe('BRIDGE_VERSION', () => {
  it('should be the version in package.json', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };

    expect(BRIDGE_VERSION).toBe(manifest.version);
  });
});
