import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import {
  Envelope,
  InvalidMessageError,
  opaqueFieldsOf,
  SCHEMA_VERSION,
  type EnvelopeOf,
  type MessageDefinition,
} from '@lib/contracts';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

export interface EnvelopeFields {
  readonly messageId: string;
  readonly correlationId: string;
  readonly occurredAt: Date;
}

/** Validates a payload against its message type: producers validate before publishing, consumers on receipt. */
export function validatePayload<TPayload extends object>(
  definition: MessageDefinition<TPayload>,
  plain: unknown,
): TPayload {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new InvalidMessageError(`${definition.name}: payload is not an object`);
  }
  const instance = instantiateMessage(definition.payloadType, plain);
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new InvalidMessageError(`${definition.name}: ${describeValidationErrors(errors)}`);
  }
  return instance;
}

export function encodeEnvelope<TPayload extends object>(
  definition: MessageDefinition<TPayload>,
  payload: TPayload,
  fields: EnvelopeFields,
): Uint8Array {
  validatePayload(definition, payload);
  return serializeEnvelope(payload, fields);
}

/**
 * The envelope's bytes for a payload its producer has just validated (validatePayload): what encodeEnvelope
 * does after validating, for a producer that needed the validated payload first (JetStreamPublisher reads
 * its subject from it). Validation walks the whole payload, NetBox's object included; once is enough.
 */
export function serializeEnvelope<TPayload extends object>(
  payload: TPayload,
  fields: EnvelopeFields,
): Uint8Array {
  const envelope: EnvelopeOf<TPayload> = {
    messageId: fields.messageId,
    occurredAt: fields.occurredAt.toISOString(),
    correlationId: fields.correlationId,
    schemaVersion: SCHEMA_VERSION,
    payload,
  };
  return encoder.encode(JSON.stringify(envelope));
}

/** Decodes and validates a message body; any defect is an InvalidMessageError (poison, never retried). */
export function decodeEnvelope<TPayload extends object>(
  definition: MessageDefinition<TPayload>,
  body: Uint8Array,
): EnvelopeOf<TPayload> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(body));
  } catch {
    throw new InvalidMessageError(`${definition.name}: body is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidMessageError(`${definition.name}: body is not a JSON object`);
  }
  const envelope = instantiateMessage(Envelope, parsed);
  const errors = validateSync(envelope, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new InvalidMessageError(`${definition.name}: envelope ${describeValidationErrors(errors)}`);
  }
  if (envelope.schemaVersion !== SCHEMA_VERSION) {
    throw new InvalidMessageError(`${definition.name}: unsupported schema version ${envelope.schemaVersion}`);
  }
  const payload = validatePayload(definition, envelope.payload);
  return {
    messageId: envelope.messageId,
    occurredAt: envelope.occurredAt,
    correlationId: envelope.correlationId,
    schemaVersion: envelope.schemaVersion,
    payload,
  };
}

export function bodyAsText(body: Uint8Array): string {
  return decoder.decode(body);
}

/**
 * A message class's instance of a plain object, for class-validator: class-transformer's copy, with the
 * @OpaqueObject fields taken by reference (they are checked to be objects, never walked).
 */
function instantiateMessage<T extends object>(type: new () => T, plain: object): T {
  const instance = plainToInstance(type, plain);
  for (const field of opaqueFieldsOf(type)) {
    if (Object.hasOwn(plain, field)) Reflect.set(instance, field, Reflect.get(plain, field));
  }
  return instance;
}

function describeValidationErrors(errors: ValidationError[], parent = ''): string {
  return errors
    .flatMap((error) => {
      const path = parent ? `${parent}.${error.property}` : error.property;
      const own = Object.values(error.constraints ?? {}).map((text) => `${path}: ${text}`);
      const nested = error.children?.length ? [describeValidationErrors(error.children, path)] : [];
      return [...own, ...nested];
    })
    .join('; ');
}
