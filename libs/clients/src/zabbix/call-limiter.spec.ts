import { CallLimiter } from './call-limiter';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function settle(): Promise<void> {
  for (let index = 0; index < 5; index += 1) await Promise.resolve();
}

describe(CallLimiter.name, () => {
  it('should never run more than the limit at once when many calls arrive together', async () => {
    const limiter = new CallLimiter(3);
    let running = 0;
    let peak = 0;
    const tasks = Array.from({ length: 20 }, (_, index) =>
      limiter.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 1 + (index % 3)));
        running -= 1;
        return index;
      }),
    );

    const results = await Promise.all(tasks);

    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(limiter.inFlight).toBe(0);
  });

  it('should start waiting calls in arrival order when slots free up', async () => {
    const limiter = new CallLimiter(1);
    const gate = deferred();
    const order: string[] = [];
    const first = limiter.run(async () => {
      await gate.promise;
      order.push('first');
    });
    const second = limiter.run(() => {
      order.push('second');
      return Promise.resolve();
    });
    const third = limiter.run(() => {
      order.push('third');
      return Promise.resolve();
    });
    await settle();
    expect(limiter.inFlight).toBe(1);
    expect(limiter.waiting).toBe(2);

    gate.resolve();
    await Promise.all([first, second, third]);

    expect(order).toEqual(['first', 'second', 'third']);
  });

  it('should free the slot when a call fails', async () => {
    const limiter = new CallLimiter(1);

    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');

    await expect(limiter.run(() => Promise.resolve('next'))).resolves.toBe('next');
    expect(limiter.inFlight).toBe(0);
  });

  it.each([0, -1, 1.5])('should refuse a limit of %s', (limit) => {
    expect(() => new CallLimiter(limit)).toThrow(RangeError);
  });
});
