import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

function messages(error: ValidationError, path: string): string[] {
  const field = path ? `${path}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {});
  return [...own, ...(error.children ?? []).flatMap((child) => messages(child, field))];
}

function fields(error: ValidationError, path: string): string[] {
  const field = path ? `${path}.${error.property}` : error.property;
  return error.children?.length ? error.children.flatMap((child) => fields(child, field)) : [field];
}

/**
 * Validates bodies and queries against their DTO classes: unknown properties are refused, strings from the
 * query are converted, and a 400 names each bad field (`fields`) with what is wrong with it (`message`).
 */
export function apiValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors: ValidationError[]) =>
      new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: errors.flatMap((error) => messages(error, '')),
        fields: errors.flatMap((error) => fields(error, '')),
      }),
  });
}
