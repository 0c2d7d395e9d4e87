import { IsDateString, IsIn, IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { OpaqueObject } from './opaque-object';

export const NETBOX_ACTIONS = ['created', 'updated', 'deleted'] as const;
export type NetboxAction = (typeof NETBOX_ACTIONS)[number];

/** `app_label.model`, lower case, as NetBox 4.4+ sends it in `object_type` (`dcim.device`). */
export const NETBOX_OBJECT_TYPE_PATTERN = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

/** A NetBox webhook, normalised across NetBox 3.x–4.7 into one shape. */
export class NetboxEventPayload {
  @Matches(NETBOX_OBJECT_TYPE_PATTERN)
  objectType!: string;

  @IsInt()
  @Min(1)
  objectId!: number;

  @IsIn(NETBOX_ACTIONS)
  action!: NetboxAction;

  /** When NetBox fired the event (ISO 8601, normalised to `T`). */
  @IsDateString()
  timestamp!: string;

  @IsOptional()
  @IsString()
  requestId!: string | null;

  @IsOptional()
  @IsString()
  username!: string | null;

  /** The object as NetBox's REST serializer renders it (for deletes: as it was before the delete). */
  @OpaqueObject({ nullable: true })
  data!: Record<string, unknown> | null;

  @OpaqueObject({ nullable: true })
  prechange!: Record<string, unknown> | null;

  @OpaqueObject({ nullable: true })
  postchange!: Record<string, unknown> | null;
}
