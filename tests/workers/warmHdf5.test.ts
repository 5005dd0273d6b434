import { describe, expect, it } from 'vitest';
import { warmHdf5 } from '../../src/workers/warmHdf5';

describe('warming a spare worker for HDF5', () => {
  it('writes and opens its tiny Keras file through the Keras HDF5 reader, and can do it again', async () => {
    expect(await warmHdf5()).toBe(2);
    expect(await warmHdf5()).toBe(2);
  });
});
