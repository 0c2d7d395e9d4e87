import { type EntityManager, In } from 'typeorm';
import { type DesiredHost } from '@lib/contracts';
import { HostGroup, Template, type HostConfig } from '@lib/models';
import { insertNames } from '../settings/settings.service';

export interface MirroredHost {
  readonly hostConfig: HostConfig;
  readonly desired: DesiredHost;
}

/**
 * Mirrors desired hosts into the plugin's relational shape (host groups, templates, the main agent
 * interface) for a whole batch in a few set-based statements, whatever the batch size.
 */
export async function mirrorDesiredHosts(
  manager: EntityManager,
  hosts: readonly MirroredHost[],
): Promise<void> {
  if (hosts.length === 0) return;
  const ids = hosts.map(({ hostConfig }) => hostConfig.id);
  await replaceLinks(manager, HostGroup, 'host_config_host_groups', 'host_group_id', hosts, (d) => d.groups);
  await replaceLinks(manager, Template, 'host_config_templates', 'template_id', hosts, (d) => d.templates);

  const agents = hosts.flatMap(({ hostConfig, desired }) => {
    const agent = desired.interfaces.find((candidate) => candidate.kind === 'agent' && candidate.main);
    return agent ? [{ hostConfig, agent }] : [];
  });
  const withAgent = new Set(agents.map(({ hostConfig }) => hostConfig.id));
  await manager.query(`DELETE FROM "agent_interface" WHERE "main" = 1 AND "host_config_id" = ANY($1)`, [
    ids.filter((id) => !withAgent.has(id)),
  ]);
  if (agents.length === 0) return;
  const columns = [
    agents.map(({ hostConfig }) => hostConfig.id),
    agents.map(({ hostConfig }) => hostConfig.hostid),
    agents.map(({ agent }) => agent.ip),
    agents.map(({ agent }) => agent.dns),
    agents.map(({ agent }) => agent.port),
    agents.map(({ agent }) => (agent.useIp ? 1 : 0)),
  ];
  const rows = `unnest($1::integer[], $2::varchar[], $3::varchar[], $4::varchar[], $5::integer[], $6::smallint[])
                AS v(host_config_id, hostid, ip, dns, port, useip)`;
  await manager.query(
    `UPDATE "agent_interface" a SET "ip" = v.ip, "dns" = v.dns, "port" = v.port, "useip" = v.useip
     FROM ${rows} WHERE a."host_config_id" = v.host_config_id AND a."main" = 1`,
    columns,
  );
  await manager.query(
    `INSERT INTO "agent_interface" ("name", "host_config_id", "hostid", "ip", "dns", "port", "useip", "main")
     SELECT 'agent', v.host_config_id, v.hostid, v.ip, v.dns, v.port, v.useip, 1 FROM ${rows}
     WHERE NOT EXISTS (
       SELECT 1 FROM "agent_interface" a WHERE a."host_config_id" = v.host_config_id AND a."main" = 1)`,
    columns,
  );
}

/** Replaces the host config ↔ name links of a join table with the desired names, created when new. */
async function replaceLinks(
  manager: EntityManager,
  entity: typeof HostGroup | typeof Template,
  joinTable: 'host_config_host_groups' | 'host_config_templates',
  linkColumn: 'host_group_id' | 'template_id',
  hosts: readonly MirroredHost[],
  namesOf: (desired: DesiredHost) => readonly string[],
): Promise<void> {
  const names = [...new Set(hosts.flatMap(({ desired }) => namesOf(desired)))];
  await insertNames(manager, entity, names);
  const rows = names.length ? await manager.getRepository(entity).findBy({ name: In(names) }) : [];
  const ids = new Map(rows.map((row) => [row.name, row.id]));
  await manager.query(`DELETE FROM "${joinTable}" WHERE "host_config_id" = ANY($1)`, [
    hosts.map(({ hostConfig }) => hostConfig.id),
  ]);
  const pairs = hosts.flatMap(({ hostConfig, desired }) =>
    namesOf(desired).flatMap((name) => {
      const id = ids.get(name);
      return id === undefined ? [] : [[hostConfig.id, id] as const];
    }),
  );
  if (pairs.length === 0) return;
  await manager.query(
    `INSERT INTO "${joinTable}" ("host_config_id", "${linkColumn}")
     SELECT * FROM unnest($1::integer[], $2::integer[]) ON CONFLICT DO NOTHING`,
    [pairs.map(([host]) => host), pairs.map(([, link]) => link)],
  );
}
