import { randomInt } from 'node:crypto';
import { type FakeNetboxRecord } from '@lib/testing';
import { type BridgeSystem } from './bridge-system';
import { netboxWebhookBody, type NetboxWebhookAction } from './netbox-webhook';

/** A device the suite put into the fake NetBox. */
export interface TestDevice {
  readonly id: number;
  /** The NetBox name when the device was added: `<prefix><label>`, which is the Zabbix host name. */
  readonly name: string;
  readonly hostKey: string;
  /** Its primary IPv4, without the prefix length. */
  readonly ip: string;
}

/** A site, role or platform as NetBox nests it in a device. */
export interface NetboxReference {
  readonly id: number;
  readonly url: string;
  readonly display: string;
  readonly name: string;
  readonly slug: string;
  readonly description: string;
}

/**
 * Devices in the fake NetBox for the lifecycle suite, each with its own id, primary IPv4 and (when asked)
 * its own site, role or platform, so tests sharing one system never see each other's objects. Changes go
 * into the fake NetBox first; `announce` then posts the webhook NetBox would send, and the scheduler re-reads
 * the device from NetBox's REST API.
 */
export class NetboxDevices {
  /** Ids far from the fixtures' (101–103, 1201, …) and from other runs. */
  private next = randomInt(1_000, 9_000) * 1_000;

  constructor(private readonly system: BridgeSystem) {}

  /** A reference (`dcim/sites`, `dcim/device-roles`, `dcim/platforms`) with an id no other test uses. */
  reference(kind: 'sites' | 'device-roles' | 'platforms', name: string): NetboxReference {
    const id = this.allocate();
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    return {
      id,
      url: `https://netbox.example.com/api/dcim/${kind}/${id}/`,
      display: name,
      name,
      slug,
      description: '',
    };
  }

  /**
   * Adds an active device named `<prefix><label>` with a new primary IPv4 to the fake NetBox (nothing is
   * posted yet). `fields` are NetBox fields (`site`, `role`, `status`, `tags`, …) in the store's shapes.
   */
  add(label: string, fields: Record<string, unknown> = {}): TestDevice {
    const id = this.allocate();
    const ip = `198.18.${Math.floor(id / 250) % 250}.${(id % 250) + 1}`;
    this.system.netbox.upsertIpAddress({ id, address: `${ip}/24`, dns_name: '' });
    const name = `${this.system.prefix}${label}`;
    this.system.netbox.upsertDevice({
      id,
      name,
      status: { value: 'active', label: 'Active' },
      primary_ip4: id,
      custom_fields: { exclude_from_zabbix: false },
      ...fields,
    });
    return { id, name, hostKey: `dcim.device:${id}`, ip };
  }

  update(device: TestDevice, fields: Record<string, unknown>): void {
    this.system.netbox.upsertDevice({ id: device.id, ...fields });
  }

  current(device: TestDevice): FakeNetboxRecord {
    const record = this.system.netbox.store.get('devices', device.id);
    if (!record) throw new Error(`device ${device.id} is not in the fake NetBox`);
    return record;
  }

  /** Posts the device's webhook with its current NetBox state, as NetBox does after a change. */
  async announce(device: TestDevice, action: NetboxWebhookAction = 'updated'): Promise<void> {
    await this.system.deliver(netboxWebhookBody('dcim.device', action, this.current(device)));
  }

  /** Adds the device and posts its `created` webhook. */
  async create(label: string, fields: Record<string, unknown> = {}): Promise<TestDevice> {
    const device = this.add(label, fields);
    await this.announce(device, 'created');
    return device;
  }

  /** Deletes the device from the fake NetBox and posts the `deleted` webhook with its last state. */
  async delete(device: TestDevice): Promise<void> {
    const last = this.current(device);
    this.system.netbox.deleteDevice(device.id);
    await this.system.deliver(netboxWebhookBody('dcim.device', 'deleted', last));
  }

  private allocate(): number {
    this.next += 1;
    return this.next;
  }
}
