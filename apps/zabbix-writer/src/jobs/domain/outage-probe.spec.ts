import { probeDelayMs } from './outage-probe';

describe(probeDelayMs.name, () => {
  it.each([
    [1, 30_000, 1_000],
    [2, 30_000, 2_000],
    [5, 30_000, 16_000],
    [6, 30_000, 30_000],
    [500, 30_000, 30_000],
    [1, 500, 500],
    [0, 30_000, 1_000],
  ])('should wait before probe %i (cap %i ms) %i ms', (probe, maxMs, expected) => {
    expect(probeDelayMs(probe, maxMs)).toBe(expected);
  });
});
