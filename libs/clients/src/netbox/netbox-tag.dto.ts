import {
  isNetboxRecord,
  readId,
  readNullableText,
  readText,
  readTextList,
  type NetboxRecord,
} from './netbox-response-readers';

/** A tag from `/api/extras/tags/`. */
export interface NetboxTag {
  readonly id: number;
  readonly name: string;
  /** What the `tag=` filter takes. */
  readonly slug: string;
  readonly color: string | null;
  readonly description: string;
  /** Models the tag may be applied to (`[]`: all). 3.x calls this `content_types`. */
  readonly objectTypes: readonly string[];
  readonly raw: NetboxRecord;
}

/** undefined when `raw` is not an object with a numeric `id`. */
export function parseNetboxTag(raw: unknown): NetboxTag | undefined {
  if (!isNetboxRecord(raw)) return undefined;
  const id = readId(raw.id);
  if (id === null) return undefined;
  const name = readText(raw.name) || readText(raw.display);
  return {
    id,
    name,
    slug: readText(raw.slug) || name,
    color: readNullableText(raw.color),
    description: readText(raw.description),
    objectTypes: readTextList(raw.object_types ?? raw.content_types),
    raw,
  };
}
