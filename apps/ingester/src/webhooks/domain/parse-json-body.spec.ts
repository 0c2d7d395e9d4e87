import { InvalidWebhookError } from './invalid-webhook.error';
import { parseJsonBody } from './parse-json-body';

describe(parseJsonBody.name, () => {
  it('should parse a UTF-8 JSON body', () => {
    expect(parseJsonBody(Buffer.from('{"name": "zürich-rtr01"}', 'utf8'))).toEqual({ name: 'zürich-rtr01' });
  });

  it.each<[string, Buffer, string]>([
    ['empty', Buffer.alloc(0), 'body is empty'],
    ['not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), 'body is not valid UTF-8'],
    ['truncated JSON', Buffer.from('{"event": "created"', 'utf8'), 'body is not valid JSON: '],
    ['form data', Buffer.from('event=created', 'utf8'), 'body is not valid JSON: '],
  ])('should reject the body naming the problem when it is %s', (_case, body, message) => {
    const attempt = (): unknown => parseJsonBody(body);

    expect(attempt).toThrow(InvalidWebhookError);
    expect(attempt).toThrow(message);
  });
});
