import { logLevelsFor } from './ingester-app.factory';

describe(logLevelsFor.name, () => {
  it.each([
    ['error', ['error']],
    ['warn', ['error', 'warn']],
    ['log', ['error', 'warn', 'log']],
    ['verbose', ['error', 'warn', 'log', 'debug', 'verbose']],
  ] as const)('should print %s and everything more severe', (level, expected) => {
    expect(logLevelsFor(level)).toEqual(expected);
  });
});
