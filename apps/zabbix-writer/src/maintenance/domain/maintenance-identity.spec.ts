import { type MaintenanceJobPayload } from '@lib/contracts';
import { maintenanceSpecOf, markedDescription, markedOwner } from './maintenance-identity';

describe('maintenance identity', () => {
  it.each([
    ['', 7, '[nbzb-maintenance:7]'],
    ['  patching  ', 7, 'patching\n\n[nbzb-maintenance:7]'],
    ['line 1\nline 2', 42, 'line 1\nline 2\n\n[nbzb-maintenance:42]'],
  ])('should mark the description %j of maintenance %d', (description, id, expected) => {
    expect(markedDescription(description, id)).toBe(expected);
  });

  it.each([
    ['[nbzb-maintenance:7]', 7],
    ['patching\n\n[nbzb-maintenance:42]\n', 42],
    ['made by hand', null],
    ['[nbzb-maintenance:7] then edited by hand', null],
    ['', null],
  ])('should read the owner of %j as %p', (description, owner) => {
    expect(markedOwner(description)).toBe(owner);
  });

  it('should build the Zabbix maintenance of a job, without data collection and without duplicate hosts', () => {
    const job: MaintenanceJobPayload = {
      jobId: '00000000-0000-4000-8000-000000000000',
      kind: 'CreateZabbixMaintenance',
      maintenanceId: 3,
      revision: 1,
      name: 'night',
      description: 'why',
      activeSince: 100,
      activeTill: 400,
      disableDataCollection: true,
      hostids: ['2', '1', '2'],
    };

    expect(maintenanceSpecOf(job)).toEqual({
      name: 'night',
      description: 'why\n\n[nbzb-maintenance:3]',
      activeSince: 100,
      activeTill: 400,
      collectsData: false,
      hostids: ['2', '1'],
    });
  });
});
