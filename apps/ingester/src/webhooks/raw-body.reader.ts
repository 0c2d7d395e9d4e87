import { type Readable } from 'node:stream';
import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';

/**
 * Reads a request body as raw bytes (the signature is over these bytes), refusing more than `maxBytes`:
 * first by the declared `Content-Length`, before reading anything, then by counting what actually arrives
 * (chunked bodies have no length). A refused body is drained and discarded by the stream, so the client
 * still reads the 413 on a kept-alive connection; Node's request timeout bounds the drain.
 */
export async function readRawBody(
  body: Readable,
  declaredLength: string | undefined,
  maxBytes: number,
): Promise<Buffer> {
  if (declaredLength !== undefined && Number(declaredLength) > maxBytes) {
    body.resume();
    throw tooLarge(maxBytes);
  }
  if (body.readableEnded) {
    throw new Error('the request body was already consumed: the body parser must be off for this route');
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = (): void => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      received += bytes.length;
      if (received > maxBytes) {
        stop();
        body.resume();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = (): void => {
      stop();
      resolve(Buffer.concat(chunks, received));
    };
    const onError = (error: Error): void => {
      stop();
      reject(new BadRequestException(`the request body could not be read: ${error.message}`));
    };
    const onClose = (): void => {
      stop();
      reject(new BadRequestException('the request body ended early'));
    };
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
}

function tooLarge(maxBytes: number): PayloadTooLargeException {
  return new PayloadTooLargeException(`body is larger than ${maxBytes} bytes`);
}
