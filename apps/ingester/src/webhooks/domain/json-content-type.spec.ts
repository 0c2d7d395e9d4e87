import { jsonContentTypeProblem } from './json-content-type';

describe(jsonContentTypeProblem.name, () => {
  it.each([
    ['application/json'],
    ['application/json; charset=utf-8'],
    ['Application/JSON;charset=UTF-8'],
    ['application/json; charset="utf-8"'],
    ['application/json; charset=utf8'],
    ['application/json; boundary=x'],
  ])('should accept %s', (contentType) => {
    expect(jsonContentTypeProblem(contentType, undefined)).toBeUndefined();
  });

  it('should accept an identity content encoding', () => {
    expect(jsonContentTypeProblem('application/json', 'identity')).toBeUndefined();
  });

  it.each<[string | undefined, string | undefined, string]>([
    [undefined, undefined, 'Content-Type is missing; send application/json'],
    ['  ', undefined, 'Content-Type is missing; send application/json'],
    ['text/plain', undefined, 'Content-Type must be application/json, not "text/plain"'],
    ['application/x-www-form-urlencoded', undefined, 'Content-Type must be application/json'],
    ['application/jsonx', undefined, 'Content-Type must be application/json'],
    ['application/json; charset=iso-8859-1', undefined, 'charset "iso-8859-1" is not supported; send UTF-8'],
    ['application/json', 'gzip', 'Content-Encoding "gzip" is not supported'],
  ])('should name the problem with %j (encoding %j)', (contentType, encoding, problem) => {
    expect(jsonContentTypeProblem(contentType, encoding)).toContain(problem);
  });

  it('should shorten a long Content-Type when it echoes it', () => {
    const problem = jsonContentTypeProblem(`text/${'x'.repeat(500)}`, undefined);

    expect(problem?.length).toBeLessThan(160);
  });
});
