import { Readable } from 'node:stream';
import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { readRawBody } from './raw-body.reader';

function streamOf(...chunks: string[]): Readable {
  return Readable.from(
    chunks.map((chunk) => Buffer.from(chunk, 'utf8')),
    { objectMode: false },
  );
}

describe(readRawBody.name, () => {
  it('should return the exact bytes when the body is within the limit', async () => {
    const body = await readRawBody(streamOf('{"a": ', '1}'), '8', 8);

    expect(body.toString('utf8')).toBe('{"a": 1}');
  });

  it('should return an empty buffer when the body is empty', async () => {
    await expect(readRawBody(streamOf(), '0', 8)).resolves.toHaveLength(0);
  });

  it('should refuse the body without waiting for it when Content-Length is over the limit', async () => {
    const neverEnding = new Readable({ read: () => undefined });

    await expect(readRawBody(neverEnding, '9', 8)).rejects.toThrow(PayloadTooLargeException);
  });

  it('should refuse the body when more bytes arrive than the limit and no length was declared', async () => {
    await expect(readRawBody(streamOf('12345', '6789'), undefined, 8)).rejects.toThrow(
      new PayloadTooLargeException('body is larger than 8 bytes'),
    );
  });

  it('should refuse the body when more bytes arrive than Content-Length declared', async () => {
    await expect(readRawBody(streamOf('123456789'), '4', 8)).rejects.toThrow(PayloadTooLargeException);
  });

  it('should answer 400 when the stream fails', async () => {
    const stream = new Readable({
      read() {
        this.destroy(new Error('aborted'));
      },
    });

    await expect(readRawBody(stream, undefined, 8)).rejects.toThrow(BadRequestException);
  });
});
