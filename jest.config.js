/**
 * Projects:
 * - unit: no network.
 * - integration: real PostgreSQL and NATS.
 * - integration-zabbix: the integration suites that talk to the real Zabbix API as well. They are the ones of
 *   the Zabbix-facing code: everything under apps/zabbix-writer and libs/<lib>/src/zabbix, and elsewhere a
 *   suite named `*.zabbix.int-spec.ts` (the scheduler's system jobs). scripts/test.sh runs them once per
 *   Zabbix version, and fails when a suite elsewhere uses the Zabbix test helpers.
 * - e2e: the three services as processes against the real Zabbix (also once per Zabbix version).
 * - faults: fault tests (processes killed, NATS/PostgreSQL/Zabbix taken away, a NATS node lost) on the same
 *   harness as e2e. What they prove does not depend on Zabbix's API version, so scripts/test.sh runs them
 *   once, against the newest local Zabbix. FAULT_SCALE=full runs them at the scale docs/reliability.md names.
 * - browser: the operator console in Debian's headless Chromium (playwright-core) against a real scheduler,
 *   PostgreSQL, a private nats-server with its monitoring port, and the real Zabbix (once per version).
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@lib/(contracts|messaging|models|clients|config|observability|testing)$': '<rootDir>/libs/$1/src',
};
const shared = {
  rootDir: __dirname,
  setupFiles: ['reflect-metadata'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
};
const zabbixFacing = [
  '<rootDir>/apps/zabbix-writer/',
  '<rootDir>/libs/[^/]+/src/zabbix/',
  '\\.zabbix\\.int-spec\\.ts$',
];

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      // test/deployment: docker-compose.yml and the monitoring files it mounts.
      testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/deployment/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...zabbixFacing],
    },
    {
      ...shared,
      displayName: 'integration-zabbix',
      testMatch: [
        '<rootDir>/apps/zabbix-writer/**/*.int-spec.ts',
        '<rootDir>/libs/*/src/zabbix/**/*.int-spec.ts',
        '<rootDir>/apps/*/src/**/*.zabbix.int-spec.ts',
      ],
    },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    { ...shared, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'] },
    // The operator console in Debian's headless Chromium, against a real scheduler (and the real Zabbix).
    { ...shared, displayName: 'browser', testMatch: ['<rootDir>/apps/*/test/**/*.browser-spec.ts'] },
    // Benchmarks print figures; they are not part of the test suite (npm run bench).
    { ...shared, displayName: 'bench', testMatch: ['<rootDir>/bench/**/*.bench.ts'] },
  ],
};
