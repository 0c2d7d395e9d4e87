import { silenceCutoff } from './silence-cutoff';

const started = new Date('2026-12-02T12:00:00.000Z');
const after = (ms: number) => new Date(started.getTime() + ms);
const DEADLINE = 300_000;

describe(silenceCutoff.name, () => {
  it.each<[string, Date, Date | undefined]>([
    ['at start', started, undefined],
    ['a minute after start, with results of the downtime maybe still queued', after(60_000), undefined],
    ['a whole deadline after start', after(DEADLINE), started],
    ['long after start', after(3_600_000), after(3_600_000 - DEADLINE)],
  ])('%s', (_case, now, expected) => {
    expect(silenceCutoff(now, started, DEADLINE)).toEqual(expected);
  });
});
