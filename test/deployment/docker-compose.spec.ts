import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

const ROOT = join(__dirname, '..', '..');

interface ComposeService {
  readonly image?: string;
  readonly command?: string[];
  readonly profiles?: string[];
  readonly environment?: Record<string, string>;
  readonly volumes?: string[];
  readonly depends_on?: string[] | Record<string, unknown>;
}

interface Compose {
  readonly services: Record<string, ComposeService>;
  readonly volumes: Record<string, unknown>;
}

interface ScrapeConfig {
  readonly job_name: string;
  readonly static_configs?: { targets: string[] }[];
  readonly dns_sd_configs?: { names: string[]; port: number }[];
}

function yamlFile<T>(path: string): T {
  return load(readFileSync(join(ROOT, path), 'utf8')) as T;
}

/** Every `nbzb_…` series the apps define (their metric classes name them `${METRIC_PREFIX}…`). */
function definedSeries(): Set<string> {
  const names = new Set<string>();
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts') && !entry.name.includes('spec')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/\$\{METRIC_PREFIX\}([a-z_]+)`/g)) {
          names.add(`nbzb_${match[1]}`);
        }
      }
    }
  };
  visit(join(ROOT, 'apps'));
  return names;
}

describe('docker-compose.yml', () => {
  const compose = yamlFile<Compose>('docker-compose.yml');
  const services = compose.services;

  it('should run NATS with JetStream and its monitoring port, and the three apps', () => {
    expect(services.nats?.command).toEqual(expect.arrayContaining(['-js', '-m', '8222']));
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['nats', 'postgres', 'ingester', 'scheduler', 'zabbix-writer']),
    );
  });

  it('should keep the dashboard stack in the monitoring profile, its files and volumes present', () => {
    for (const name of ['nats-exporter', 'prometheus', 'grafana']) {
      expect(services[name]?.profiles).toEqual(['monitoring']);
    }
    expect(services['nats-exporter']?.command).toContain('http://nats:8222');
    for (const service of Object.values(services)) {
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(':');
        if (source?.startsWith('./')) expect(existsSync(join(ROOT, source))).toBe(true);
        else expect(Object.keys(compose.volumes)).toContain(source);
      }
      const dependencies = Array.isArray(service.depends_on)
        ? service.depends_on
        : Object.keys(service.depends_on ?? {});
      for (const dependency of dependencies) expect(Object.keys(services)).toContain(dependency);
    }
  });

  it("should have Prometheus scrape the exporter and every app's replicas on the ports they serve /metrics on", () => {
    const prometheus = yamlFile<{ scrape_configs: ScrapeConfig[] }>('monitoring/prometheus.yml');
    const targets = Object.fromEntries(
      prometheus.scrape_configs.map((job) => [
        job.job_name,
        job.static_configs?.[0]?.targets[0] ??
          `${job.dns_sd_configs?.[0]?.names[0]}:${job.dns_sd_configs?.[0]?.port}`,
      ]),
    );

    expect(targets).toEqual({
      nats: 'nats-exporter:7777',
      ingester: `ingester:${services.ingester?.environment?.INGESTER_PORT}`,
      scheduler: `scheduler:${services.scheduler?.environment?.SCHEDULER_PORT}`,
      'zabbix-writer': `zabbix-writer:${services['zabbix-writer']?.environment?.WRITER_HTTP_PORT}`,
    });
    expect(services['zabbix-writer']?.environment?.WRITER_HTTP_HOST).toBe('0.0.0.0');
  });

  it('should run a 3-node NATS cluster in the nats-cluster profile, each node routed to the two others', () => {
    const nodes = ['nats-1', 'nats-2', 'nats-3'];
    for (const name of nodes) {
      const node = services[name];
      const command = node?.command ?? [];
      const flag = (option: string): string | undefined => command[command.indexOf(option) + 1];
      expect([name, node?.profiles]).toEqual([name, ['nats-cluster']]);
      // The users and permissions of the single server, JetStream on a store of its own.
      expect(command).toEqual(expect.arrayContaining(['-c', '/etc/nats/nats-server.conf', '-js']));
      expect(node?.environment).toEqual(services.nats?.environment);
      expect(node?.volumes).toContain(`${name}-data:/data`);
      expect([flag('--server_name'), flag('--cluster_name'), flag('--cluster')]).toEqual([
        name,
        'netbox-zabbix-bridge',
        'nats://0.0.0.0:6222',
      ]);
      expect(flag('--routes')?.split(',').sort()).toEqual(
        nodes.filter((other) => other !== name).map((other) => `nats://${other}:6222`),
      );
    }
  });

  it('should let every app take several NATS servers and the replica count from the environment', () => {
    for (const name of ['ingester', 'scheduler', 'zabbix-writer']) {
      expect([name, services[name]?.environment?.NATS_URL]).toEqual([name, '${NATS_URL:-nats://nats:4222}']);
      expect([name, services[name]?.environment?.NATS_REPLICAS]).toEqual([name, '${NATS_REPLICAS:-0}']);
    }
    // The command at the top of the file names the three nodes and 3 copies.
    const header = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    expect(header).toContain(
      'NATS_URL=nats://nats-1:4222,nats://nats-2:4222,nats://nats-3:4222 NATS_REPLICAS=3',
    );
    expect(header).toContain('--profile nats-cluster');
  });

  it("should chart only series the apps define in Grafana's dashboard", () => {
    const dashboard = readFileSync(
      join(ROOT, 'monitoring/grafana/dashboards/netbox-zabbix-bridge.json'),
      'utf8',
    );
    const used = new Set(
      [...dashboard.matchAll(/nbzb_[a-z_]+/g)].map(([name]) => name.replace(/_(bucket|count|sum)$/, '')),
    );
    const defined = definedSeries();

    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((name) => !defined.has(name))).toEqual([]);
  });
});
