import { nextStep, type HostJobState, type NextStep } from './job-planning';

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
