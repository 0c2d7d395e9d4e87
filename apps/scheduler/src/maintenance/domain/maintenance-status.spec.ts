import { maintenanceStatus } from './maintenance-status';

const start = new Date('2026-12-01T10:00:00Z');
const end = new Date('2026-12-01T12:00:00Z');

describe('maintenanceStatus', () => {
  it.each([
    ['2026-12-01T09:59:59Z', false, 'pending'],
    ['2026-12-01T10:00:00Z', false, 'active'],
    ['2026-12-01T11:59:59Z', false, 'active'],
    ['2026-12-01T12:00:00Z', false, 'expired'],
    ['2026-12-02T00:00:00Z', false, 'expired'],
    ['2026-12-01T09:00:00Z', true, 'failed'],
    ['2026-12-01T11:00:00Z', true, 'failed'],
    ['2026-12-01T13:00:00Z', true, 'failed'],
  ])('should be %s (failed write: %p) → %s', (now, lastWriteFailed, expected) => {
    expect(maintenanceStatus({ startTime: start, endTime: end, lastWriteFailed }, new Date(now))).toBe(
      expected,
    );
  });
});
