import { InvalidWebhookError } from './invalid-webhook.error';

/**
 * NetBox 3.x–4.3 send only the bare Django model name (`"model": "device"`); 4.4 sends it beside
 * `object_type`, 4.5+ only `object_type` (`"dcim.device"`). This maps the bare names of NetBox's own
 * change-logged models to `app_label.model`. Model names are unique across NetBox's apps. Plugin models are
 * not listed: they reach us only from NetBox 4.4+, which sends `object_type`.
 */
const MODELS_BY_APP: Readonly<Record<string, readonly string[]>> = {
  circuits: [
    'circuit',
    'circuitgroup',
    'circuitgroupassignment',
    'circuittermination',
    'circuittype',
    'provider',
    'provideraccount',
    'providernetwork',
    'virtualcircuit',
    'virtualcircuittermination',
    'virtualcircuittype',
  ],
  core: ['datafile', 'datasource', 'job'],
  dcim: [
    'cable',
    'cabletermination',
    'consoleport',
    'consoleporttemplate',
    'consoleserverport',
    'consoleserverporttemplate',
    'device',
    'devicebay',
    'devicebaytemplate',
    'devicerole',
    'devicetype',
    'frontport',
    'frontporttemplate',
    'interface',
    'interfacetemplate',
    'inventoryitem',
    'inventoryitemrole',
    'inventoryitemtemplate',
    'location',
    'macaddress',
    'manufacturer',
    'module',
    'modulebay',
    'modulebaytemplate',
    'moduletype',
    'moduletypeprofile',
    'platform',
    'powerfeed',
    'poweroutlet',
    'poweroutlettemplate',
    'powerpanel',
    'powerport',
    'powerporttemplate',
    'rack',
    'rackreservation',
    'rackrole',
    'racktype',
    'rearport',
    'rearporttemplate',
    'region',
    'site',
    'sitegroup',
    'virtualchassis',
    'virtualdevicecontext',
  ],
  extras: [
    'configcontext',
    'configcontextprofile',
    'configtemplate',
    'customfield',
    'customfieldchoiceset',
    'customlink',
    'eventrule',
    'exporttemplate',
    'imageattachment',
    'journalentry',
    'notificationgroup',
    'savedfilter',
    'tableconfig',
    'tag',
    'webhook',
  ],
  ipam: [
    'aggregate',
    'asn',
    'asnrange',
    'fhrpgroup',
    'fhrpgroupassignment',
    'ipaddress',
    'iprange',
    'prefix',
    'rir',
    'role',
    'routetarget',
    'service',
    'servicetemplate',
    'vlan',
    'vlangroup',
    'vlantranslationpolicy',
    'vlantranslationrule',
    'vrf',
  ],
  tenancy: ['contact', 'contactassignment', 'contactgroup', 'contactrole', 'tenant', 'tenantgroup'],
  users: ['group', 'objectpermission', 'token', 'user'],
  virtualization: ['cluster', 'clustergroup', 'clustertype', 'virtualdisk', 'virtualmachine', 'vminterface'],
  vpn: [
    'ikepolicy',
    'ikeproposal',
    'ipsecpolicy',
    'ipsecprofile',
    'ipsecproposal',
    'l2vpn',
    'l2vpntermination',
    'tunnel',
    'tunnelgroup',
    'tunneltermination',
  ],
  wireless: ['wirelesslan', 'wirelesslangroup', 'wirelesslink'],
};

/** Bare model name → `app_label.model`, e.g. `virtualmachine` → `virtualization.virtualmachine`. */
export const NETBOX_MODEL_OBJECT_TYPES: ReadonlyMap<string, string> = new Map(
  Object.entries(MODELS_BY_APP).flatMap(([app, models]) =>
    models.map((model): [string, string] => [model, `${app}.${model}`]),
  ),
);

/** The object type of a bare NetBox model name; an unknown name is an InvalidWebhookError naming it. */
export function objectTypeForModel(model: string): string {
  const objectType = NETBOX_MODEL_OBJECT_TYPES.get(model);
  if (objectType === undefined) {
    throw new InvalidWebhookError(`body.model ${JSON.stringify(model)} is not a known NetBox model`);
  }
  return objectType;
}
