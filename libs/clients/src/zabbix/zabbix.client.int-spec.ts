import { createServer, type Server, type Socket } from 'node:net';
import { PermanentError, RetryableError } from '@lib/contracts';
import {
  cleanupZabbixByPrefix,
  createZabbixTestClient,
  uniqueZabbixTestPrefix,
  zabbixTestConnection,
} from '@lib/testing';
import { ZabbixAlreadyExistsError } from './zabbix-already-exists.error';
import { ZabbixApiError } from './zabbix-api.error';
import { ZabbixUnavailableError } from './zabbix-unavailable.error';
import { ZabbixUnsupportedFeatureError } from './zabbix-unsupported-feature.error';
import { ZabbixClient } from './zabbix.client';
import { type ZabbixHostFields } from './zabbix.types';

/** A real Zabbix on a busy 2-core machine can take longer than Jest's 5 s default. */
jest.setTimeout(60_000);

/** Against the real Zabbix API of `scripts/zabbix-local.sh`. Every name starts with this run's prefix. */
describe(ZabbixClient.name, () => {
  const prefix = uniqueZabbixTestPrefix();
  let client: ZabbixClient;

  function hostFields(
    name: string,
    groupid: string,
    overrides: Partial<ZabbixHostFields> = {},
  ): ZabbixHostFields {
    return {
      host: `${prefix}${name}`,
      name: `${prefix}${name}`,
      status: 0,
      description: '',
      groupids: [groupid],
      templateids: [],
      interfaces: [{ type: 1, main: true, useIp: true, ip: '192.0.2.20', dns: '', port: '10050' }],
      tags: [],
      inventoryMode: -1,
      inventory: {},
      monitoring: { monitoredBy: 'server' },
      tls: { connect: 1, accept: 1 },
      ...overrides,
    };
  }

  async function newGroup(name: string): Promise<string> {
    const [group] = await client.ensureHostGroups([`${prefix}${name}`]);
    if (!group) throw new Error('no group');
    return group.groupid;
  }

  beforeAll(() => {
    client = createZabbixTestClient();
  });

  afterAll(async () => {
    await cleanupZabbixByPrefix(client, prefix);
    await client.close();
  });

  describe('connection', () => {
    it('should read the API version without authentication', async () => {
      const version = await client.version();

      expect(version.major).toBeGreaterThanOrEqual(6);
    });

    it('should log in with user and password and run an authenticated call', async () => {
      const groups = await client.findHostGroupsByName(['Linux servers']);

      expect(groups).toEqual([{ groupid: expect.any(String), name: 'Linux servers' }]);
    });

    it('should log in again when its session was terminated', async () => {
      const own = createZabbixTestClient({ apiToken: undefined });
      try {
        await own.findHostGroupsByName(['Linux servers']);
        await own.call('user.logout', []);

        const groups = await own.findHostGroupsByName(['Linux servers']);

        expect(groups).toHaveLength(1);
      } finally {
        await own.close();
      }
    });

    it('should authenticate with an API token in the right place for the version', async () => {
      const created = (await client.call('token.create', { name: `${prefix}token` })) as {
        tokenids: string[];
      };
      const generated = (await client.call('token.generate', created.tokenids)) as { token: string }[];
      const tokenClient = createZabbixTestClient({
        apiToken: generated[0]?.token,
        username: undefined,
        password: undefined,
      });
      try {
        const groups = await tokenClient.findHostGroupsByName(['Linux servers']);

        expect(groups).toHaveLength(1);
      } finally {
        await tokenClient.close();
      }
    });
  });

  describe('errors', () => {
    it('should refuse an unknown user with a permanent ZabbixApiError', async () => {
      // An unknown user, so that the stock Admin account is never blocked by failed logins.
      const stranger = createZabbixTestClient({
        apiToken: undefined,
        username: `${prefix}nobody`,
        password: 'wrong',
      });
      try {
        const failure = await stranger
          .findHostGroupsByName(['Linux servers'])
          .catch((error: unknown) => error);

        expect(failure).toBeInstanceOf(ZabbixApiError);
        expect(failure).toBeInstanceOf(PermanentError);
        expect(failure).toMatchObject({
          method: 'user.login',
          data: expect.stringMatching(/user name or password/),
        });
        expect([-32500, -32602]).toContain((failure as ZabbixApiError).code);
        expect((failure as Error).message).not.toContain('wrong');
      } finally {
        await stranger.close();
      }
    });

    it('should refuse an invalid API token with a permanent error', async () => {
      const forged = createZabbixTestClient({
        apiToken: 'f'.repeat(64),
        username: undefined,
        password: undefined,
      });
      try {
        const failure = await forged.findHostGroupsByName(['Linux servers']).catch((error: unknown) => error);

        expect(failure).toBeInstanceOf(PermanentError);
        expect((failure as Error).message).not.toContain('f'.repeat(64));
      } finally {
        await forged.close();
      }
    });

    it('should map an unknown method to a permanent ZabbixApiError', async () => {
      const failure = await client.call('nosuch.method', {}).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(ZabbixApiError);
      expect(failure).toMatchObject({ method: 'nosuch.method', code: -32601 });
    });

    it('should map invalid params to a permanent ZabbixApiError with code and data', async () => {
      const failure = await client
        .createHost(hostFields('nogroup', '0', { groupids: [] }))
        .catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(ZabbixApiError);
      expect(failure).toMatchObject({
        method: 'host.create',
        code: -32602,
        data: expect.stringMatching(/group/i),
      });
    });

    it('should map an unreachable port to a retryable network error', async () => {
      const unreachable = ZabbixClient.create(
        zabbixTestConnection({ url: 'http://127.0.0.1:1/api_jsonrpc.php' }),
      );
      try {
        const failure = await unreachable.version().catch((error: unknown) => error);

        expect(failure).toBeInstanceOf(ZabbixUnavailableError);
        expect(failure).toBeInstanceOf(RetryableError);
        expect(failure).toMatchObject({ reason: 'network', networkCode: 'ECONNREFUSED' });
      } finally {
        await unreachable.close();
      }
    });

    it('should map a server that never answers to a retryable timeout', async () => {
      const sockets: Socket[] = [];
      const silent: Server = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const address = silent.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const slow = ZabbixClient.create(
        zabbixTestConnection({ url: `http://127.0.0.1:${port}/api_jsonrpc.php`, timeoutMs: 300 }),
      );
      try {
        const started = Date.now();
        const failure = await slow.version().catch((error: unknown) => error);

        expect(failure).toBeInstanceOf(ZabbixUnavailableError);
        expect(failure).toMatchObject({ reason: 'timeout' });
        expect(Date.now() - started).toBeLessThan(3_000);
      } finally {
        await slow.close();
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });

    it('should map a duplicate host name to ZabbixAlreadyExistsError', async () => {
      const groupid = await newGroup('dup');
      await client.createHost(hostFields('dup', groupid));

      const failure = await client.createHost(hostFields('dup', groupid)).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(ZabbixAlreadyExistsError);
      expect(failure).toBeInstanceOf(PermanentError);
    });
  });

  describe('lookups', () => {
    it('should find a template by its visible name when the technical name differs', async () => {
      // A stock template: technical name "MikroTik CCR1009-7G-1C-1S by SNMP", visible name with "1S+".
      const templates = await client.findTemplatesByName(['MikroTik CCR1009-7G-1C-1S+ by SNMP']);

      expect(templates).toEqual([
        {
          templateid: expect.any(String),
          host: 'MikroTik CCR1009-7G-1C-1S by SNMP',
          name: 'MikroTik CCR1009-7G-1C-1S+ by SNMP',
        },
      ]);
    });

    it('should find templates by name and leave unknown names out', async () => {
      const templates = await client.findTemplatesByName(['ICMP Ping', `${prefix}no such template`]);

      expect(templates).toEqual([{ templateid: expect.any(String), host: 'ICMP Ping', name: 'ICMP Ping' }]);
    });

    it('should create missing host groups once when several jobs of one writer ask at the same time', async () => {
      const names = [`${prefix}race-a`, `${prefix}race-b`, 'Linux servers'];

      const results = await Promise.all(Array.from({ length: 6 }, () => client.ensureHostGroups(names)));

      const first = results[0] ?? [];
      expect(first.map((group) => group.name)).toEqual(names);
      for (const result of results) expect(result).toEqual(first);
      const stored = await client.findHostGroupsByName(names);
      expect(stored).toHaveLength(3);
      expect(stored).toEqual(expect.arrayContaining(first));
    });

    it('should agree on one group per name when writers in different processes race to create it', async () => {
      const names = [`${prefix}cross-a`, `${prefix}cross-b`];
      const writers = Array.from({ length: 4 }, () => createZabbixTestClient());
      try {
        await Promise.all(writers.map((writer) => writer.ensureHostGroups(names)));

        // Zabbix may have stored a duplicate by now; every writer asking again picks the same (oldest) one.
        const answers = await Promise.all(writers.map((writer) => writer.ensureHostGroups(names)));
        const stored = await client.findHostGroupsByName(names);
        const oldest = names.map((name) => stored.find((group) => group.name === name));
        for (const answer of answers) expect(answer).toEqual(oldest);
      } finally {
        await Promise.all(writers.map((writer) => writer.close()));
      }
    });
  });

  describe('hosts', () => {
    it('should create an SNMPv3 host and read every field back', async () => {
      const groupid = await newGroup('snmp');
      const version = await client.version();

      const hostid = await client.createHost(
        hostFields('snmp', groupid, {
          name: `${prefix}SNMP switch`,
          description: 'core switch',
          tags: [{ tag: 'site', value: 'ams1' }],
          inventoryMode: 0,
          inventory: { serialno_a: 'SN-42', location: 'rack 7' },
          interfaces: [
            {
              type: 2,
              main: true,
              useIp: false,
              ip: '',
              dns: `${prefix}sw1.example.com`,
              port: '1161',
              snmp: {
                version: 3,
                bulk: 0,
                maxRepetitions: 25,
                contextName: 'ctx',
                securityName: 'monitor',
                securityLevel: 2,
                authProtocol: 1,
                authPassphrase: 'auth-pass',
                privProtocol: 1,
                privPassphrase: 'priv-pass',
              },
            },
          ],
          tls: {
            connect: 2,
            accept: 3,
            pskIdentity: `${prefix}psk`,
            psk: '0123456789abcdef0123456789abcdef',
          },
        }),
      );
      const [host] = await client.getHostsByIds([hostid]);

      expect(host).toMatchObject({
        hostid,
        host: `${prefix}snmp`,
        name: `${prefix}SNMP switch`,
        status: 0,
        description: 'core switch',
        monitoring: { monitoredBy: 'server' },
        tlsConnect: 2,
        tlsAccept: 3,
        inventoryMode: 0,
        inventory: expect.objectContaining({ serialno_a: 'SN-42', location: 'rack 7' }),
        groups: [{ groupid, name: `${prefix}snmp` }],
        tags: [{ tag: 'site', value: 'ams1' }],
        templates: [],
      });
      expect(host?.interfaces).toEqual([
        {
          interfaceid: expect.any(String),
          type: 2,
          main: true,
          useIp: false,
          ip: '',
          dns: `${prefix}sw1.example.com`,
          port: '1161',
          snmp: {
            version: 3,
            bulk: 0,
            // max_repetitions exists from Zabbix 6.4 on; older servers neither take nor report it.
            ...(version.isAtLeast(6, 4) ? { maxRepetitions: 25 } : {}),
            contextName: 'ctx',
            securityName: 'monitor',
            securityLevel: 2,
            authProtocol: 1,
            authPassphrase: 'auth-pass',
            privProtocol: 1,
            privPassphrase: 'priv-pass',
          },
        },
      ]);
    });

    it('should find hosts by technical name and by name prefix', async () => {
      const groupid = await newGroup('names');
      const hostid = await client.createHost(hostFields('names-a', groupid));
      await client.createHost(hostFields('names-a_archived', groupid));

      const byName = await client.getHostsByTechnicalNames([`${prefix}names-a`]);
      const byPrefix = await client.findHostNamesStartingWith({
        host: `${prefix}names-a`,
        name: `${prefix}names-a`,
      });

      expect(byName.map((host) => host.hostid)).toEqual([hostid]);
      expect(byPrefix.map((host) => host.host).sort()).toEqual([
        `${prefix}names-a`,
        `${prefix}names-a_archived`,
      ]);
    });

    it('should update many hosts with their own fields in one host.update, or none when one is rejected', async () => {
      const groupid = await newGroup('many');
      const hostids = await client.createHosts(
        ['many-a', 'many-b', 'many-c'].map((name) => hostFields(name, groupid)),
      );
      const tagged = hostids.map((hostid, index) => ({
        hostid,
        tags: [{ tag: 'Role', value: `role-${index}` }],
      }));

      await client.updateHosts(tagged);
      const rejected = client.updateHosts([
        { hostid: hostids[0] ?? '', description: 'not written' },
        { hostid: hostids[1] ?? '', host: `${prefix}bad/name` },
      ]);

      await expect(rejected).rejects.toBeInstanceOf(ZabbixApiError);
      const hosts = await client.getHostsByIds(hostids);
      expect(
        hostids.map((hostid) => {
          const host = hosts.find((candidate) => candidate.hostid === hostid);
          return [host?.description, host?.tags];
        }),
      ).toEqual(tagged.map(({ tags }) => ['', tags]));
    });

    it('should move a host to a proxy and back to the server, read back in the version dialect', async () => {
      const dialect = await client.dialect();
      const proxyName = `${prefix}proxy`;
      await client.call(
        'proxy.create',
        dialect.usesMonitoredBy ? { name: proxyName, operating_mode: 0 } : { host: proxyName, status: 5 },
      );
      const [proxy] = await client.findProxiesByName([proxyName]);
      if (!proxy) throw new Error('proxy not found');
      const groupid = await newGroup('proxied');

      const hostid = await client.createHost(
        hostFields('proxied', groupid, { monitoring: { monitoredBy: 'proxy', proxyid: proxy.proxyid } }),
      );
      const [proxied] = await client.getHostsByIds([hostid]);
      await client.updateHost({ hostid, monitoring: { monitoredBy: 'server' } });
      const [direct] = await client.getHostsByIds([hostid]);

      expect(proxy.name).toBe(proxyName);
      expect(proxied?.monitoring).toEqual({ monitoredBy: 'proxy', proxyid: proxy.proxyid });
      expect(direct?.monitoring).toEqual({ monitoredBy: 'server' });
    });

    it('should refuse proxy groups before Zabbix 7.0 and find them from 7.0 on', async () => {
      const dialect = await client.dialect();
      const name = `${prefix}proxy-group`;

      if (!dialect.supportsProxyGroups) {
        await expect(client.findProxyGroupsByName([name])).rejects.toBeInstanceOf(
          ZabbixUnsupportedFeatureError,
        );
        return;
      }
      await client.call('proxygroup.create', { name });
      const groups = await client.findProxyGroupsByName([name]);
      expect(groups).toEqual([{ proxyGroupid: expect.any(String), name }]);
    });
  });

  describe('maintenances', () => {
    it('should read maintenance members and replace its hosts', async () => {
      const groupid = await newGroup('maint');
      const first = await client.createHost(hostFields('maint-1', groupid));
      const second = await client.createHost(hostFields('maint-2', groupid));
      const created = (await client.call('maintenance.create', {
        name: `${prefix}maintenance`,
        active_since: 1_700_000_000,
        active_till: 1_900_000_000,
        hosts: [{ hostid: first }, { hostid: second }],
        groups: [{ groupid }],
        timeperiods: [{ timeperiod_type: 0, period: 3600 }],
      })) as { maintenanceids: string[] };
      const maintenanceid = created.maintenanceids[0] ?? '';

      const before = await client.getMaintenancesOfHost(first);
      await client.updateMaintenanceHosts(maintenanceid, [second]);
      const afterFirst = await client.getMaintenancesOfHost(first);
      const afterSecond = await client.getMaintenancesOfHost(second);

      expect(before).toEqual([
        {
          maintenanceid,
          name: `${prefix}maintenance`,
          hostids: expect.arrayContaining([first, second]),
          groupids: [groupid],
        },
      ]);
      expect(afterFirst).toEqual([]);
      expect(afterSecond).toEqual([
        { maintenanceid, name: `${prefix}maintenance`, hostids: [second], groupids: [groupid] },
      ]);

      await client.deleteMaintenances([maintenanceid]);
      expect(await client.getMaintenancesOfHost(second)).toEqual([]);
    });
  });

  describe('maintenance reads', () => {
    it('should read a maintenance by id and by name with its window, type, description and members', async () => {
      const groupid = await newGroup('maint-read');
      const hostid = await client.createHost(hostFields('maint-read', groupid));
      const name = `${prefix}maintenance-read`;
      // Whole minutes: Zabbix rounds the window down to the minute.
      const created = (await client.call('maintenance.create', {
        name,
        description: 'patch night',
        maintenance_type: 1,
        active_since: 1_699_999_980,
        active_till: 1_899_999_960,
        hosts: [{ hostid }],
        groups: [{ groupid }],
        timeperiods: [{ timeperiod_type: 0, period: 3600 }],
      })) as { maintenanceids: string[] };
      const maintenanceid = created.maintenanceids[0] ?? '';

      const byId = await client.getMaintenancesByIds([maintenanceid]);
      const byName = await client.findMaintenancesByName([name, `${prefix}no such maintenance`]);

      const expected = {
        maintenanceid,
        name,
        description: 'patch night',
        activeSince: 1_699_999_980,
        activeTill: 1_899_999_960,
        collectsData: false,
        hostids: [hostid],
        groupids: [groupid],
      };
      expect(byId).toEqual([expected]);
      expect(byName).toEqual([expected]);
    });
  });

  describe('proxy groups', () => {
    async function newProxyGroup(name: string, settings: Record<string, string> = {}): Promise<string> {
      const created = (await client.call('proxygroup.create', { name: `${prefix}${name}`, ...settings })) as {
        proxy_groupids: string[];
      };
      return created.proxy_groupids[0] ?? '';
    }

    it('should read a proxy group with its settings and proxies from 7.0 on, and refuse before', async () => {
      const dialect = await client.dialect();
      if (!dialect.supportsProxyGroups) {
        await expect(client.getProxyGroupsByIds(['1'])).rejects.toBeInstanceOf(ZabbixUnsupportedFeatureError);
        return;
      }
      const proxyGroupid = await newProxyGroup('pg-read', {
        failover_delay: '2m',
        min_online: '1',
        description: 'two sites',
      });
      // 7.0 takes a proxy into a proxy group only with the address its hosts' agents reach it at.
      const proxy = (await client.call('proxy.create', {
        name: `${prefix}pg-read-proxy`,
        operating_mode: 0,
        proxy_groupid: proxyGroupid,
        local_address: '127.0.0.1',
      })) as { proxyids: string[] };

      const groups = await client.getProxyGroupsByIds([proxyGroupid]);

      expect(groups).toEqual([
        {
          proxyGroupid,
          name: `${prefix}pg-read`,
          description: 'two sites',
          failoverDelay: '2m',
          minOnline: '1',
          proxyids: proxy.proxyids,
        },
      ]);
    });

    it('should create a host in a proxy group and move it to another (monitored_by 2) on 7.0, and refuse on 6.0', async () => {
      const dialect = await client.dialect();
      const groupid = await newGroup('pg-member');
      if (!dialect.supportsProxyGroups) {
        const hostid = await client.createHost(hostFields('pg-member', groupid));
        const move = client.updateHost({
          hostid,
          monitoring: { monitoredBy: 'proxy_group', proxyGroupid: '1' },
        });

        await expect(move).rejects.toBeInstanceOf(ZabbixUnsupportedFeatureError);
        expect((await client.getHostsByIds([hostid]))[0]?.monitoring).toEqual({ monitoredBy: 'server' });
        return;
      }
      const first = await newProxyGroup('pg-first');
      const second = await newProxyGroup('pg-second');

      const hostid = await client.createHost(
        hostFields('pg-member', groupid, { monitoring: { monitoredBy: 'proxy_group', proxyGroupid: first } }),
      );
      const [created] = await client.getHostsByIds([hostid]);
      await client.updateHost({ hostid, monitoring: { monitoredBy: 'proxy_group', proxyGroupid: second } });
      const [moved] = await client.getHostsByIds([hostid]);
      const stored = await client.call('host.get', {
        output: ['monitored_by', 'proxyid', 'proxy_groupid'],
        hostids: [hostid],
      });

      expect(created?.monitoring).toEqual({ monitoredBy: 'proxy_group', proxyGroupid: first });
      expect(moved?.monitoring).toEqual({ monitoredBy: 'proxy_group', proxyGroupid: second });
      expect(stored).toEqual([{ hostid, monitored_by: '2', proxyid: '0', proxy_groupid: second }]);
    });
  });
});
