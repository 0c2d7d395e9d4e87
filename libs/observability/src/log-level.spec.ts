import { effectiveLogLevel } from './log-level';

describe(effectiveLogLevel.name, () => {
  it.each([
    ['log', undefined, 'log'],
    ['debug', undefined, 'debug'],
    ['log', ['error'], 'error'],
    ['log', ['error', 'warn'], 'warn'],
    ['error', ['error', 'warn', 'log', 'debug', 'verbose'], 'verbose'],
    ['log', false, 'silent'],
    ['log', [], 'silent'],
  ] as const)('should log at %s with the override %j as %s', (configured, override, expected) => {
    expect(effectiveLogLevel(configured, override)).toBe(expected);
  });
});
