import { InvalidWebhookError } from './invalid-webhook.error';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes the raw body as strict UTF-8 and parses it as JSON; every defect is an InvalidWebhookError. */
export function parseJsonBody(rawBody: Uint8Array): unknown {
  if (rawBody.length === 0) throw new InvalidWebhookError('body is empty');
  let text: string;
  try {
    text = utf8.decode(rawBody);
  } catch {
    throw new InvalidWebhookError('body is not valid UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidWebhookError(`body is not valid JSON: ${reason}`);
  }
}
