import { Exclude } from 'class-transformer';
import { IsObject, ValidateIf } from 'class-validator';

/** Per message class, the fields marked @OpaqueObject (inherited lists included). */
const opaqueFields = new WeakMap<object, readonly string[]>();

/**
 * A JSON object a message carries as it came (NetBox's serialised object, an envelope's payload): checked to
 * be an object (or null, with `nullable`), never walked. class-transformer would otherwise copy every nested
 * value of it into a new object on each validation, the costliest step of a NetBox webhook, for a value
 * nothing validates inside. Validation (see `instantiateMessage`) takes the field by reference instead.
 */
export function OpaqueObject(options: { readonly nullable?: boolean } = {}): PropertyDecorator {
  return (target, propertyKey) => {
    if (typeof propertyKey !== 'string') throw new Error('@OpaqueObject names a string property');
    const owner = target.constructor;
    opaqueFields.set(owner, [...opaqueFieldsOf(owner), propertyKey]);
    Exclude({ toClassOnly: true })(target, propertyKey);
    if (options.nullable === true) ValidateIf((_object, value) => value !== null)(target, propertyKey);
    IsObject()(target, propertyKey);
  };
}

/** The @OpaqueObject fields of a message class and of the classes it extends. */
export function opaqueFieldsOf(type: object): readonly string[] {
  for (let current: unknown = type; typeof current === 'function'; current = Object.getPrototypeOf(current)) {
    const fields = opaqueFields.get(current);
    if (fields !== undefined) return fields;
  }
  return [];
}
