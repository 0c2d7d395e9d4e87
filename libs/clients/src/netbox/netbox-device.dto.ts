import { parseNestedReference, type NetboxNestedReference } from './netbox-nested.dto';
import { parseHostObject, type NetboxHostObject } from './netbox-host.dto';

/** A device from `/api/dcim/devices/` (or a webhook's `data`), NetBox 3.x–4.7. */
export interface NetboxDevice extends NetboxHostObject {
  readonly objectType: 'dcim.device';
  /** `name` is the device type's `model`. */
  readonly deviceType: NetboxNestedReference | null;
}

/** undefined when `raw` is not an object with a numeric `id`; every other field is read tolerantly. */
export function parseNetboxDevice(raw: unknown): NetboxDevice | undefined {
  const host = parseHostObject('dcim.device', raw);
  if (!host) return undefined;
  return { ...host, objectType: 'dcim.device', deviceType: parseNestedReference(host.raw.device_type) };
}
