import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { PermanentError, type MaintenanceJobPayload } from '@lib/contracts';
import { type ZabbixClient, type ZabbixMaintenanceDetails } from '@lib/clients';
import {
  buildDesiredHost,
  buildUpsertJob,
  cleanupZabbixByPrefix,
  createZabbixTestClient,
  uniqueZabbixTestPrefix,
} from '@lib/testing';
import { HostLookupService } from '../hosts/host-lookup.service';
import { HostReferencesService } from '../hosts/host-references.service';
import { HostUpsertService } from '../hosts/host-upsert.service';
import { maintenanceJobIdentity, upsertJobIdentity } from '../jobs/domain/job-result';
import { JobLog } from '../jobs/job-log';
import { MaintenanceWriteService } from './maintenance-write.service';

/** A real Zabbix on a busy 2-core machine can take longer than Jest's 5 s default. */
jest.setTimeout(60_000);

const HOUR = 3_600;

/** Against the real Zabbix API (6.0 and 7.0): every write is read back with maintenance.get. */
describe(MaintenanceWriteService.name, () => {
  const prefix = uniqueZabbixTestPrefix();
  // Zabbix keeps whole minutes: the scheduler sends minute-aligned windows.
  const start = Math.floor(Date.now() / 60_000) * 60 + HOUR;
  let zabbix: ZabbixClient;
  let service: MaintenanceWriteService;
  let upserts: HostUpsertService;
  let hostids: string[];
  let nextMaintenanceId = Math.floor(Math.random() * 1_000_000) + 1;

  function job(overrides: Partial<MaintenanceJobPayload> = {}): MaintenanceJobPayload {
    return {
      jobId: randomUUID(),
      kind: 'CreateZabbixMaintenance',
      maintenanceId: nextMaintenanceId,
      revision: 1,
      name: `${prefix}window-${nextMaintenanceId}`,
      description: 'patching',
      activeSince: start,
      activeTill: start + 2 * HOUR,
      disableDataCollection: false,
      hostids: [],
      ...overrides,
    };
  }

  function write(payload: MaintenanceJobPayload) {
    return service.write(payload, new JobLog(new Logger('test'), 'test', maintenanceJobIdentity(payload), 1));
  }

  /** The maintenance as Zabbix has it, host ids sorted (Zabbix returns them in no set order). */
  async function read(maintenanceid: string): Promise<ZabbixMaintenanceDetails | undefined> {
    const [maintenance] = await zabbix.getMaintenancesByIds([maintenanceid]);
    return maintenance && { ...maintenance, hostids: [...maintenance.hostids].sort() };
  }

  async function givenHost(name: string): Promise<string> {
    const upsert = buildUpsertJob(
      buildDesiredHost(prefix, { host: `${prefix}${name}`, name: `${prefix}${name}`, templates: [] }),
    );
    const outcome = await upserts.upsert(
      upsert,
      new JobLog(new Logger('test'), 'test', upsertJobIdentity(upsert), 1),
    );
    return outcome.hostid ?? '';
  }

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    zabbix = createZabbixTestClient();
    const lookup = new HostLookupService(zabbix);
    upserts = new HostUpsertService(zabbix, new HostReferencesService(zabbix), lookup);
    service = new MaintenanceWriteService(zabbix);
    hostids = [await givenHost('m1'), await givenHost('m2'), await givenHost('m3')];
  });

  beforeEach(() => {
    nextMaintenanceId += 1;
  });

  afterAll(async () => {
    await cleanupZabbixByPrefix(zabbix, prefix);
    await zabbix.close();
  });

  it('should create, update with other targets, and delete a maintenance, read back each time', async () => {
    const [first, second, third] = hostids as [string, string, string];
    const created = await write(job({ hostids: [first, second] }));

    expect(created).toEqual({ operation: 'created', maintenanceid: expect.any(String) });
    const maintenanceid = created.maintenanceid ?? '';
    expect(await read(maintenanceid)).toEqual({
      maintenanceid,
      name: `${prefix}window-${nextMaintenanceId}`,
      description: `patching\n\n[nbzb-maintenance:${nextMaintenanceId}]`,
      activeSince: start,
      activeTill: start + 2 * HOUR,
      collectsData: true,
      hostids: [first, second].sort(),
      groupids: [],
    });

    const updated = await write(
      job({
        kind: 'UpdateZabbixMaintenance',
        revision: 2,
        maintenanceid,
        name: `${prefix}window-${nextMaintenanceId}-renamed`,
        description: '',
        activeTill: start + 3 * HOUR,
        disableDataCollection: true,
        hostids: [third],
      }),
    );

    expect(updated).toEqual({ operation: 'updated', maintenanceid });
    expect(await read(maintenanceid)).toMatchObject({
      name: `${prefix}window-${nextMaintenanceId}-renamed`,
      description: `[nbzb-maintenance:${nextMaintenanceId}]`,
      activeTill: start + 3 * HOUR,
      collectsData: false,
      hostids: [third],
    });
    const periods = (await zabbix.call('maintenance.get', {
      maintenanceids: [maintenanceid],
      output: ['maintenanceid'],
      selectTimeperiods: ['timeperiod_type', 'start_date', 'period'],
    })) as { timeperiods: unknown[] }[];
    expect(periods[0]?.timeperiods).toEqual([
      { timeperiod_type: '0', start_date: String(start), period: String(3 * HOUR) },
    ]);

    const deleted = await write(
      job({
        kind: 'DeleteZabbixMaintenance',
        revision: 3,
        maintenanceid,
        name: `${prefix}window-${nextMaintenanceId}-renamed`,
      }),
    );

    expect(deleted).toEqual({ operation: 'deleted', maintenanceid });
    expect(await read(maintenanceid)).toBeUndefined();
  });

  it('should adopt its own maintenance when a create runs again (a redelivery)', async () => {
    const payload = job({ hostids: [hostids[0] ?? ''] });
    const first = await write(payload);

    const again = await write({ ...payload, hostids: hostids.slice(0, 2) });

    expect(again).toEqual({ operation: 'adopted', maintenanceid: first.maintenanceid });
    expect((await read(first.maintenanceid ?? ''))?.hostids).toEqual(hostids.slice(0, 2).sort());
    expect(await zabbix.findMaintenancesByName([payload.name])).toHaveLength(1);
  });

  it('should never take over a maintenance of that name made by hand', async () => {
    const payload = job({ hostids: [hostids[0] ?? ''] });
    const byHand = await zabbix.createMaintenance({
      name: payload.name,
      description: 'made by hand',
      activeSince: start,
      activeTill: start + HOUR,
      collectsData: true,
      hostids: [hostids[1] ?? ''],
    });

    await expect(write(payload)).rejects.toThrow(
      `Zabbix maintenance "${payload.name}" (maintenanceid ${byHand}) already exists and was not made by this bridge`,
    );
    const absent = await write({ ...payload, kind: 'DeleteZabbixMaintenance' });

    expect(absent).toEqual({ operation: 'absent' });
    expect((await read(byHand))?.hostids).toEqual([hostids[1]]);
  });

  it('should fail visibly, without writing, when no target host is in Zabbix', async () => {
    const payload = job({ hostids: [] });

    await expect(write(payload)).rejects.toThrow(PermanentError);
    await expect(write(payload)).rejects.toThrow('cannot hold a maintenance without hosts');
    expect(await zabbix.findMaintenancesByName([payload.name])).toEqual([]);
  });

  it("should fail with Zabbix's error when a host is gone from Zabbix", async () => {
    const payload = job({ hostids: ['999999997'] });

    await expect(write(payload)).rejects.toThrow(
      /maintenance\.create failed.*No permissions to referred object/,
    );
  });

  it('should create again when the maintenance it knew was deleted in Zabbix', async () => {
    const created = await write(job({ hostids: [hostids[0] ?? ''] }));
    await zabbix.deleteMaintenances([created.maintenanceid ?? '']);

    const recreated = await write(
      job({
        kind: 'UpdateZabbixMaintenance',
        revision: 2,
        maintenanceid: created.maintenanceid,
        hostids: [hostids[2] ?? ''],
      }),
    );

    expect(recreated).toEqual({ operation: 'created', maintenanceid: expect.any(String) });
    expect(recreated.maintenanceid).not.toBe(created.maintenanceid);
    expect((await read(recreated.maintenanceid ?? ''))?.hostids).toEqual([hostids[2]]);
  });
});
