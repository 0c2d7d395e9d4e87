import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The NetBox webhook bodies and REST responses kept in test/fixtures/netbox (built from NetBox 4.6). */
export const NETBOX_FIXTURES_DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'netbox');

export function readNetboxFixture(fileName: string): string {
  return readFileSync(join(NETBOX_FIXTURES_DIR, fileName), 'utf8');
}

export function loadNetboxFixture<T = Record<string, unknown>>(fileName: string): T {
  return JSON.parse(readNetboxFixture(fileName)) as T;
}
