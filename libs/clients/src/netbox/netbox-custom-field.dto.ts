import { parseChoice } from './netbox-nested.dto';
import {
  isNetboxRecord,
  readBoolean,
  readId,
  readText,
  readTextList,
  type NetboxRecord,
} from './netbox-response-readers';

/** A custom field definition from `/api/extras/custom-fields/`. */
export interface NetboxCustomField {
  readonly id: number;
  /** The key in objects' `custom_fields`. */
  readonly name: string;
  /** What the UI shows (`Exclude from Zabbix`); the name when the field has no label. */
  readonly label: string;
  /** `boolean`, `text`, `integer`, `select`, `object`, … */
  readonly type: string;
  /** Models the field applies to (`dcim.device`, …). 3.x calls this `content_types`. */
  readonly objectTypes: readonly string[];
  readonly required: boolean;
  readonly defaultValue: unknown;
  readonly groupName: string;
  readonly description: string;
  readonly raw: NetboxRecord;
}

/** undefined when `raw` is not an object with a numeric `id`. */
export function parseNetboxCustomField(raw: unknown): NetboxCustomField | undefined {
  if (!isNetboxRecord(raw)) return undefined;
  const id = readId(raw.id);
  if (id === null) return undefined;
  const name = readText(raw.name);
  return {
    id,
    name,
    label: readText(raw.label) || name,
    type: parseChoice(raw.type)?.value ?? '',
    objectTypes: readTextList(raw.object_types ?? raw.content_types),
    required: readBoolean(raw.required, false),
    defaultValue: raw.default ?? null,
    groupName: readText(raw.group_name),
    description: readText(raw.description),
    raw,
  };
}
