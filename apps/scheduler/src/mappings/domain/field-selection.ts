/** Zabbix host inventory fields (host.inventory), as `inventory_mapping` names them. */
export const ZABBIX_INVENTORY_FIELDS: readonly string[] = [
  'type',
  'type_full',
  'name',
  'alias',
  'os',
  'os_full',
  'os_short',
  'serialno_a',
  'serialno_b',
  'tag',
  'asset_tag',
  'macaddress_a',
  'macaddress_b',
  'hardware',
  'hardware_full',
  'software',
  'software_full',
  'software_app_a',
  'software_app_b',
  'software_app_c',
  'software_app_d',
  'software_app_e',
  'contact',
  'location',
  'location_lat',
  'location_lon',
  'notes',
  'chassis',
  'model',
  'hw_arch',
  'vendor',
  'contract_number',
  'installer_name',
  'deployment_status',
  'url_a',
  'url_b',
  'url_c',
  'host_networks',
  'host_netmask',
  'host_router',
  'oob_ip',
  'oob_netmask',
  'oob_router',
  'date_hw_purchase',
  'date_hw_install',
  'date_hw_expiry',
  'date_hw_decomm',
  'site_address_a',
  'site_address_b',
  'site_address_c',
  'site_city',
  'site_state',
  'site_country',
  'site_zip',
  'site_rack',
  'site_notes',
  'poc_1_name',
  'poc_1_email',
  'poc_1_phone_a',
  'poc_1_phone_b',
  'poc_1_cell',
  'poc_1_screen',
  'poc_1_notes',
  'poc_2_name',
  'poc_2_email',
  'poc_2_phone_a',
  'poc_2_phone_b',
  'poc_2_cell',
  'poc_2_screen',
  'poc_2_notes',
];

/** A NetBox field path: `site.name`, `custom_fields.owner`, `tags` (each NetBox tag). */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+){0,7}$/;
const MAX_ENTRIES = 200;
const MAX_NAME = 255;

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_NAME;
}

function isPath(value: unknown): value is string {
  return typeof value === 'string' && FIELD_PATH.test(value);
}

/**
 * What is wrong with a tag mapping's selection, `[["Site", "site.name"], …]` (tag name, NetBox field path),
 * one line per problem naming the entry; empty when it is right.
 */
export function tagSelectionProblems(selection: unknown): string[] {
  if (!Array.isArray(selection)) return ['must be an array of [tag name, field path]'];
  if (selection.length > MAX_ENTRIES) return [`at most ${MAX_ENTRIES} entries`];
  return selection.flatMap((entry: unknown, index) => {
    if (!Array.isArray(entry) || entry.length !== 2) return [`[${index}] must be [tag name, field path]`];
    const [name, path] = entry as unknown[];
    const problems: string[] = [];
    if (!isName(name)) problems.push(`[${index}][0] must be a tag name (1 to ${MAX_NAME} characters)`);
    if (!isPath(path)) problems.push(`[${index}][1] must be a NetBox field path such as site.name`);
    return problems;
  });
}

/**
 * What is wrong with an inventory mapping's selection, `[["Platform", "os", ["platform.name"]], …]`
 * (display name, Zabbix inventory field, NetBox field paths by preference); empty when it is right.
 */
export function inventorySelectionProblems(selection: unknown): string[] {
  if (!Array.isArray(selection)) return ['must be an array of [name, inventory field, [field paths]]'];
  if (selection.length > MAX_ENTRIES) return [`at most ${MAX_ENTRIES} entries`];
  const fields = new Set<string>();
  return selection.flatMap((entry: unknown, index) => {
    if (!Array.isArray(entry) || entry.length !== 3)
      return [`[${index}] must be [name, inventory field, [field paths]]`];
    const [name, field, paths] = entry as unknown[];
    const problems: string[] = [];
    if (!isName(name)) problems.push(`[${index}][0] must be a name (1 to ${MAX_NAME} characters)`);
    if (typeof field !== 'string' || !ZABBIX_INVENTORY_FIELDS.includes(field)) {
      problems.push(`[${index}][1] must be a Zabbix inventory field such as os or location`);
    } else if (fields.has(field)) {
      problems.push(`[${index}][1] ${field} is mapped twice`);
    } else {
      fields.add(field);
    }
    if (!Array.isArray(paths) || paths.length === 0 || paths.length > 10 || !paths.every(isPath))
      problems.push(`[${index}][2] must be 1 to 10 NetBox field paths such as site.name`);
    return problems;
  });
}
