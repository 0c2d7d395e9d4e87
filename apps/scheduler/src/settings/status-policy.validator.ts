import { registerDecorator, type ValidationOptions } from 'class-validator';

const NETBOX_STATUS = /^[a-z0-9_-]{1,50}$/;

/** `{"<netbox status>": "disable" | "remove", …}`. */
export function IsStatusPolicy(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isStatusPolicy',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must map NetBox statuses (lower case) to "disable" or "remove"`,
        ...options,
      },
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          return Object.entries(value).every(
            ([status, action]) => NETBOX_STATUS.test(status) && (action === 'disable' || action === 'remove'),
          );
        },
      },
    });
  };
}
