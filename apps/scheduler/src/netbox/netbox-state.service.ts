import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  NetboxClient,
  NetboxNotFoundError,
  type NetboxDevice,
  type NetboxVirtualMachine,
} from '@lib/clients';
import { type NetboxHostObjectType } from '@lib/models';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';

export type CurrentState =
  { readonly found: true; readonly data: Record<string, unknown> } | { readonly found: false };

/**
 * NetBox's current state of devices and VMs, when NETBOX_URL is configured. Errors are the client's: an
 * outage is a RetryableError (the event is retried later), a bad token a PermanentError.
 */
@Injectable()
export class NetboxStateService implements OnApplicationShutdown {
  private readonly logger = new Logger(NetboxStateService.name);
  private readonly client: NetboxClient | null;

  constructor(@Inject(SCHEDULER_CONFIG) config: SchedulerSettingsConfig) {
    if (config.NETBOX_URL && config.NETBOX_TOKEN) {
      this.client = new NetboxClient({
        baseUrl: config.NETBOX_URL,
        token: config.NETBOX_TOKEN,
        timeoutMs: config.NETBOX_TIMEOUT_MS,
        pageSize: config.NETBOX_PAGE_SIZE,
      });
      this.logger.log(`reading NetBox state from ${config.NETBOX_URL}`);
    } else {
      this.client = null;
      this.logger.warn(
        'NETBOX_URL/NETBOX_TOKEN not set: following device and VM events from their webhook data only',
      );
    }
  }

  get enabled(): boolean {
    return this.client !== null;
  }

  onApplicationShutdown(): void {
    this.client?.close();
  }

  /** The client, for reading NetBox's change log (only with NETBOX_URL). */
  changeLog(): NetboxClient {
    return this.required();
  }

  async current(objectType: NetboxHostObjectType, id: number): Promise<CurrentState> {
    const client = this.required();
    try {
      const object: NetboxDevice | NetboxVirtualMachine =
        objectType === 'dcim.device' ? await client.getDevice(id) : await client.getVirtualMachine(id);
      return { found: true, data: object.raw };
    } catch (error) {
      if (error instanceof NetboxNotFoundError) return { found: false };
      throw error;
    }
  }

  /** The current state of several objects of one type, in batches; ids NetBox no longer has are absent. */
  async currentMany(
    objectType: NetboxHostObjectType,
    ids: readonly number[],
  ): Promise<Map<number, Record<string, unknown>>> {
    const client = this.required();
    const found = new Map<number, Record<string, unknown>>();
    if (ids.length === 0) return found;
    const objects =
      objectType === 'dcim.device'
        ? client.iterateDevices({ id: ids })
        : client.iterateVirtualMachines({ id: ids });
    for await (const object of objects) found.set(object.id, object.raw);
    return found;
  }

  /** Every device or VM NetBox has, page by page. */
  async *all(
    objectType: NetboxHostObjectType,
  ): AsyncGenerator<{ id: number; data: Record<string, unknown> }> {
    const client = this.required();
    const objects = objectType === 'dcim.device' ? client.iterateDevices() : client.iterateVirtualMachines();
    for await (const object of objects) yield { id: object.id, data: object.raw };
  }

  private required(): NetboxClient {
    if (!this.client) throw new Error('NetBox REST is not configured (NETBOX_URL, NETBOX_TOKEN)');
    return this.client;
  }
}
