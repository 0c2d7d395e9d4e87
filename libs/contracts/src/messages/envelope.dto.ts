import { IsDateString, IsInt, IsNotEmpty, IsString, Min } from 'class-validator';
import { OpaqueObject } from './opaque-object';

/** Schema version of the envelope and of every v1 payload. */
export const SCHEMA_VERSION = 1;

/**
 * The one envelope every message travels in. `messageId` is also sent as the `Nats-Msg-Id` header, so a
 * repeated publish inside the stream's duplicate window is dropped by JetStream.
 */
export class Envelope {
  @IsString()
  @IsNotEmpty()
  messageId!: string;

  @IsDateString()
  occurredAt!: string;

  /** The NetBox request id that started the chain (or a generated id): carried into every log line and job. */
  @IsString()
  @IsNotEmpty()
  correlationId!: string;

  @IsInt()
  @Min(1)
  schemaVersion!: number;

  /** Validated against its own message type once the envelope is (decodeEnvelope). */
  @OpaqueObject()
  payload!: Record<string, unknown>;
}

export interface EnvelopeOf<TPayload> {
  readonly messageId: string;
  readonly occurredAt: string;
  readonly correlationId: string;
  readonly schemaVersion: number;
  readonly payload: TPayload;
}
