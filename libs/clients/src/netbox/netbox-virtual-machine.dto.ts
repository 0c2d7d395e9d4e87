import { parseNestedReference, type NetboxNestedReference } from './netbox-nested.dto';
import { parseHostObject, type NetboxHostObject } from './netbox-host.dto';

/** A virtual machine from `/api/virtualization/virtual-machines/` (or a webhook's `data`), NetBox 3.x–4.7. */
export interface NetboxVirtualMachine extends NetboxHostObject {
  readonly objectType: 'virtualization.virtualmachine';
  /** The device the VM is pinned to, if any. */
  readonly device: NetboxNestedReference | null;
}

/** undefined when `raw` is not an object with a numeric `id`; every other field is read tolerantly. */
export function parseNetboxVirtualMachine(raw: unknown): NetboxVirtualMachine | undefined {
  const host = parseHostObject('virtualization.virtualmachine', raw);
  if (!host) return undefined;
  return {
    ...host,
    objectType: 'virtualization.virtualmachine',
    device: parseNestedReference(host.raw.device),
  };
}
