import { PermanentError } from '@lib/contracts';

/** A NetBox answer that is JSON but not the shape this client expects (no `results` list, no numeric `id`). */
export class NetboxResponseShapeError extends PermanentError {
  override readonly name: string = 'NetboxResponseShapeError';

  constructor(
    readonly method: string,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`NetBox ${method} ${path} returned an unexpected body: ${detail}`);
  }
}
