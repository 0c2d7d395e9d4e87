import { registerDecorator, type ValidationArguments } from 'class-validator';

/** Validates a field mapping's `selection` with a pure check; the 400 lists each problem with its entry. */
export function IsSelection(problems: (selection: unknown) => string[]): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isSelection',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args: ValidationArguments) =>
          `${args.property}${problems(args.value).join(`; ${args.property}`)}`,
      },
      validator: {
        validate: (value: unknown): boolean => problems(value).length === 0,
      },
    });
  };
}
