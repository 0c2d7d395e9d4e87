import { unexpectedParameters } from './system-job-parameters';

describe('unexpectedParameters', () => {
  it.each([
    ['ImportZabbixSettings', { dryRun: true, confirm: true }, []],
    ['MaintenanceCleanup', { dryRun: false }, []],
    ['MaintenanceCleanup', { confirm: true }, ['confirm']],
    ['SyncHostsNow', { dryRun: true, cutoffMinutes: 5 }, ['cutoffMinutes']],
    ['HostConfigSyncRefresh', { cutoffMinutes: 30, dryRun: undefined }, []],
  ] as const)('should find for %s with %p: %p', (kind, parameters, expected) => {
    expect(unexpectedParameters(kind, parameters)).toEqual(expected);
  });
});
