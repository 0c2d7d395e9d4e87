/** A request body that is not a NetBox webhook this service understands; the message names the problem. */
export class InvalidWebhookError extends Error {
  override readonly name: string = 'InvalidWebhookError';
}
