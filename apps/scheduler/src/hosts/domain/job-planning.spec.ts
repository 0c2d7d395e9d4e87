import { dispatchTime, nextStep, type HostJobState, type NextStep, type SettleState } from './job-planning';

const base: HostJobState = {
  jobInFlight: false,
  hostid: null,
  removalRequested: false,
  desiredRevision: 1,
  handledRevision: 0,
};

describe(nextStep.name, () => {
  it.each<[string, Partial<HostJobState>, NextStep]>([
    ['a new host', {}, 'create'],
    ['a change to a host Zabbix has', { hostid: '10501', desiredRevision: 4, handledRevision: 3 }, 'update'],
    ['any change while a job is in flight', { jobInFlight: true, desiredRevision: 9 }, 'wait'],
    ['a removal while a job is in flight', { jobInFlight: true, removalRequested: true }, 'wait'],
    [
      'a removal of a host Zabbix has',
      { hostid: '10501', removalRequested: true, desiredRevision: 5, handledRevision: 4 },
      'delete',
    ],
    ['a removal of a host never created', { removalRequested: true }, 'forget'],
    [
      'a finished delete',
      { hostid: null, removalRequested: true, desiredRevision: 5, handledRevision: 5 },
      'forget',
    ],
    [
      'a failed delete',
      { hostid: '10501', removalRequested: true, desiredRevision: 5, handledRevision: 5 },
      'idle',
    ],
    [
      'a finished job with nothing newer',
      { hostid: '10501', desiredRevision: 3, handledRevision: 3 },
      'idle',
    ],
    ['a failed create with nothing newer', { desiredRevision: 2, handledRevision: 2 }, 'idle'],
    [
      'changes that arrived during a create',
      { hostid: '10501', desiredRevision: 7, handledRevision: 2 },
      'update',
    ],
    [
      'a re-added object after its delete finished',
      { hostid: null, desiredRevision: 6, handledRevision: 5 },
      'create',
    ],
  ])('should plan for %s', (_case, state, expected) => {
    expect(nextStep({ ...base, ...state })).toBe(expected);
  });
});

describe(dispatchTime.name, () => {
  const window = { windowMs: 1_000, maxWaitMs: 10_000 };
  const at = (ms: number): Date => new Date(Date.UTC(2026, 10, 29, 12, 0, 0) + ms);
  const idle: SettleState = {
    now: at(60_000),
    lastJobFinishedAt: null,
    lastChangeAt: null,
    deferredSince: null,
  };

  it.each<[string, Partial<SettleState>, number]>([
    ['a first edit: at once', { now: at(0), lastChangeAt: at(0) }, 0],
    [
      'an isolated edit long after the last job: at once',
      { now: at(5_000), lastJobFinishedAt: at(0), lastChangeAt: at(5_000) },
      5_000,
    ],
    [
      'an edit just after a job: a window after it',
      { now: at(300), lastJobFinishedAt: at(200), lastChangeAt: at(300) },
      1_300,
    ],
    [
      'a follow-up when the job ends: a window after the job',
      { now: at(400), lastJobFinishedAt: at(400), lastChangeAt: at(150) },
      1_400,
    ],
    [
      'another edit while held back: pushed to a window after it',
      { now: at(900), lastJobFinishedAt: at(400), lastChangeAt: at(900), deferredSince: at(400) },
      1_900,
    ],
    [
      'edits that never stop: no later than the maximum wait',
      { now: at(10_300), lastJobFinishedAt: at(400), lastChangeAt: at(10_300), deferredSince: at(400) },
      10_400,
    ],
    [
      'a held-back job whose time has come: now',
      { now: at(2_000), lastJobFinishedAt: at(400), lastChangeAt: at(900), deferredSince: at(400) },
      2_000,
    ],
  ])('should send %s', (_case, state, expected) => {
    expect(dispatchTime({ ...idle, ...state }, window).getTime()).toBe(at(expected).getTime());
  });

  it('should send at once when the window is off', () => {
    const state = { now: at(300), lastJobFinishedAt: at(200), lastChangeAt: at(300), deferredSince: null };
    expect(dispatchTime(state, { windowMs: 0, maxWaitMs: 0 })).toEqual(at(300));
  });
});
