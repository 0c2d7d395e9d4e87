import { BadRequestException } from '@nestjs/common';

/** One bad field of a request and what is wrong with it. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** A 400 in the API's shape (as apiValidationPipe answers): each bad field in `fields`, what is wrong in `message`. */
export function fieldProblems(problems: readonly FieldProblem[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: problems.map((problem) => `${problem.field}: ${problem.message}`),
    fields: [...new Set(problems.map((problem) => problem.field))],
  });
}

/** PostgreSQL's unique_violation: a name another row took between our check and our write. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}
