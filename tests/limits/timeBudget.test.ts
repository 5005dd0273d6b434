import { describe, expect, it } from 'vitest';
import { TimeoutError, withTimeBudget } from '../../src/core/io/timeBudget';

describe('withTimeBudget', () => {
  it('passes a result or an error through when the work finishes in time', async () => {
    await expect(withTimeBudget(Promise.resolve(7), 1000, 'x')).resolves.toBe(7);
    await expect(withTimeBudget(Promise.reject(new Error('bad file')), 1000, 'x')).rejects.toThrow('bad file');
  });

  it('rejects with a readable TimeoutError at the deadline and aborts the work it started', async () => {
    let signal: AbortSignal | undefined;
    const never = (s: AbortSignal): Promise<never> => { signal = s; return new Promise(() => {}); };
    const err = await withTimeBudget(never, 30, 'model.pt: reading it').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toBe('model.pt: reading it took longer than 30 ms and was stopped (the file may be damaged, or too large for this machine)');
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(err);
  });

  it('a budget of 0 or Infinity waits for ever', async () => {
    const slow = new Promise((r) => setTimeout(() => r('done'), 40));
    await expect(withTimeBudget(slow, 0, 'x')).resolves.toBe('done');
    await expect(withTimeBudget(Promise.resolve(1), Infinity, 'x')).resolves.toBe(1);
  });

  it('a late rejection after the deadline is not an unhandled rejection', async () => {
    const late = new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 20));
    await expect(withTimeBudget(late, 5, 'x')).rejects.toBeInstanceOf(TimeoutError);
    await new Promise((r) => setTimeout(r, 40)); // vitest fails the run on an unhandled rejection
  });
});
