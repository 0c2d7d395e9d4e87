import { Logger } from '@nestjs/common';
import { type HostDeleteJobPayload } from '@lib/contracts';
import { type ZabbixClient, type ZabbixHost } from '@lib/clients';
import {
  buildDeleteJob,
  buildDesiredHost,
  buildUpsertJob,
  hostKeyFor,
  cleanupZabbixByPrefix,
  createZabbixTestClient,
  uniqueZabbixTestPrefix,
} from '@lib/testing';
import { deleteJobIdentity, upsertJobIdentity } from '../jobs/domain/job-result';
import { JobLog } from '../jobs/job-log';
import { HostDeleteService } from './host-delete.service';
import { HostLookupService } from './host-lookup.service';
import { HostReferencesService } from './host-references.service';
import { HostUpsertService } from './host-upsert.service';

/** A real Zabbix on a busy 2-core machine can take longer than Jest's 5 s default. */
jest.setTimeout(60_000);

/** Against the real Zabbix API: every test reads the outcome back. */
describe(HostDeleteService.name, () => {
  const prefix = uniqueZabbixTestPrefix();
  let zabbix: ZabbixClient;
  let service: HostDeleteService;
  let upserts: HostUpsertService;

  /** A host as the writer would create it (no template: these tests are about deleting). */
  /** A host made by the writer; `hostKey` tells NetBox objects of one name apart. */
  async function givenHost(name: string, hostKey = hostKeyFor(`${prefix}${name}`)): Promise<ZabbixHost> {
    const job = buildUpsertJob(
      buildDesiredHost(prefix, { host: `${prefix}${name}`, name: `${prefix}${name} visible`, templates: [] }),
      { hostKey },
    );
    const outcome = await upserts.upsert(
      job,
      new JobLog(new Logger('test'), 'test', upsertJobIdentity(job), 1),
    );
    return readHost(outcome.hostid ?? '');
  }

  async function readHost(hostid: string): Promise<ZabbixHost> {
    const [host] = await zabbix.getHostsByIds([hostid]);
    if (!host) throw new Error(`host ${hostid} not found`);
    return host;
  }

  async function remove(job: HostDeleteJobPayload) {
    return service.delete(
      job,
      new JobLog(new Logger(HostDeleteService.name), 'test', deleteJobIdentity(job), 1),
    );
  }

  async function maintenanceWith(name: string, hostids: string[]): Promise<string> {
    const created = (await zabbix.call('maintenance.create', {
      name: `${prefix}${name}`,
      active_since: 1_700_000_000,
      active_till: 1_900_000_000,
      hosts: hostids.map((hostid) => ({ hostid })),
      timeperiods: [{ timeperiod_type: 0, period: 3600 }],
    })) as { maintenanceids: string[] };
    return created.maintenanceids[0] ?? '';
  }

  async function maintenanceExists(maintenanceid: string): Promise<boolean> {
    const found = (await zabbix.call('maintenance.get', {
      output: ['maintenanceid'],
      maintenanceids: [maintenanceid],
    })) as unknown[];
    return found.length > 0;
  }

  beforeAll(() => {
    Logger.overrideLogger(['error']);
    zabbix = createZabbixTestClient();
    const lookup = new HostLookupService(zabbix);
    service = new HostDeleteService(zabbix, lookup);
    upserts = new HostUpsertService(zabbix, new HostReferencesService(zabbix), lookup);
  });

  afterAll(async () => {
    await cleanupZabbixByPrefix(zabbix, prefix);
    await zabbix.close();
  });

  describe('absent hosts', () => {
    it.each(['hard', 'soft'] as const)(
      'should succeed with "absent" for a %s delete of a host Zabbix does not have',
      async (mode) => {
        const outcome = await remove(
          buildDeleteJob(`${prefix}never-existed`, prefix, { mode, hostid: '999999998' }),
        );

        expect(outcome).toEqual({ operation: 'absent' });
      },
    );
  });

  describe('soft', () => {
    it('should archive the host: renamed with the suffix, disabled, in the graveyard group only', async () => {
      const host = await givenHost('soft');

      const outcome = await remove(buildDeleteJob(host.host, prefix, { hostid: host.hostid }));

      const archived = await readHost(host.hostid);
      expect(outcome).toEqual({ operation: 'archived', hostid: host.hostid });
      expect(archived).toMatchObject({
        host: `${prefix}soft_archived`,
        name: `${prefix}soft visible_archived`,
        status: 1,
        groups: [{ groupid: expect.any(String), name: `${prefix}graveyard` }],
      });
      expect(archived.interfaces).toEqual(host.interfaces);
    });

    it('should add a counter when the graveyard name is taken by an earlier archived host', async () => {
      // Three NetBox objects of one name, each archived in turn.
      const [firstKey, secondKey, thirdKey] = [1, 2, 3].map((n) => hostKeyFor(`${prefix}clash-${n}`));
      const first = await givenHost('clash', firstKey);
      await remove(buildDeleteJob(first.host, prefix, { hostid: first.hostid, hostKey: firstKey }));
      const second = await givenHost('clash', secondKey);
      await remove(buildDeleteJob(second.host, prefix, { hostid: second.hostid, hostKey: secondKey }));
      const third = await givenHost('clash', thirdKey);

      const outcome = await remove(
        buildDeleteJob(third.host, prefix, { hostid: third.hostid, hostKey: thirdKey }),
      );

      expect(outcome).toEqual({ operation: 'archived', hostid: third.hostid });
      expect((await readHost(first.hostid)).host).toBe(`${prefix}clash_archived`);
      expect((await readHost(second.hostid)).host).toBe(`${prefix}clash_archived-2`);
      expect(await readHost(third.hostid)).toMatchObject({
        host: `${prefix}clash_archived-3`,
        name: `${prefix}clash visible_archived-3`,
        status: 1,
      });
    });

    it('should change nothing when the same soft delete is delivered again', async () => {
      const host = await givenHost('redelivered');
      const job = buildDeleteJob(host.host, prefix, { hostid: host.hostid });
      await remove(job);
      const archived = await readHost(host.hostid);

      const outcome = await remove(job);

      expect(outcome).toEqual({ operation: 'archived', hostid: host.hostid });
      expect(await readHost(host.hostid)).toEqual(archived);
      expect(archived.host).toBe(`${prefix}redelivered_archived`);
    });

    it('should find the host by technical name when no host id is known', async () => {
      const host = await givenHost('by-name');

      const outcome = await remove(buildDeleteJob(host.host, prefix));

      expect(outcome).toEqual({ operation: 'archived', hostid: host.hostid });
      expect((await readHost(host.hostid)).host).toBe(`${prefix}by-name_archived`);
    });
  });

  describe('hard', () => {
    it('should delete a maintenance whose only member is the host, then the host', async () => {
      const host = await givenHost('alone-in-maintenance');
      const maintenanceid = await maintenanceWith('only-member', [host.hostid]);

      const outcome = await remove(buildDeleteJob(host.host, prefix, { hostid: host.hostid, mode: 'hard' }));

      expect(outcome).toEqual({ operation: 'deleted', hostid: host.hostid });
      expect(await zabbix.getHostsByIds([host.hostid])).toEqual([]);
      expect(await maintenanceExists(maintenanceid)).toBe(false);
    });

    it('should leave a maintenance with other members in place, without the deleted host', async () => {
      const host = await givenHost('shared-a');
      const other = await givenHost('shared-b');
      const maintenanceid = await maintenanceWith('shared', [host.hostid, other.hostid]);

      const outcome = await remove(buildDeleteJob(host.host, prefix, { hostid: host.hostid, mode: 'hard' }));

      expect(outcome).toEqual({ operation: 'deleted', hostid: host.hostid });
      expect(await zabbix.getHostsByIds([host.hostid])).toEqual([]);
      expect(await zabbix.getMaintenancesOfHost(other.hostid)).toEqual([
        { maintenanceid, name: `${prefix}shared`, hostids: [other.hostid], groupids: [] },
      ]);
    });

    it('should report "absent" when the same hard delete is delivered again', async () => {
      const host = await givenHost('hard-twice');
      const job = buildDeleteJob(host.host, prefix, { hostid: host.hostid, mode: 'hard' });
      await remove(job);

      const outcome = await remove(job);

      expect(outcome).toEqual({ operation: 'absent' });
    });
  });
});
