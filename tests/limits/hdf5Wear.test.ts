import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hdf5Wear } from '../../src/core/formats/hdf5/h5errors';
import { loadH5 } from '../../src/core/formats/hdf5/loader';
import { OWN_FIXTURES } from '../helpers/fixtures';
import { openOrProblem } from './build';

/**
 * Every HDF5 error leaks a little of h5wasm's wasm stack (it throws through the C library). In
 * its own test file, because it wears the library out for the rest of the process on purpose:
 * after enough damaged files, HDF5 work is refused with a sentence rather than risking a fault
 * or wrong data, and a fresh thread (the UI's worker, a new CLI run) starts clean.
 */
describe('a worn HDF5 library', () => {
  it('refuses further files with a sentence once damaged files have used up its budget', async () => {
    const good = new Uint8Array(readFileSync(join(OWN_FIXTURES, 'keras', 'k2-sequential.h5')));
    const bad = good.slice();
    const snod = Buffer.from(bad).indexOf('SNOD');
    bad[snod] = 0x58; // 'XNOD': a symbol table node the library rejects (one thrown error per open)
    const { module } = await loadH5('esm');
    let problem = '';
    let opened = 0;
    for (; opened < 5000; opened++) {
      const r = await openOrProblem(bad, 'bad.h5');
      if (typeof r !== 'string') throw new Error('the damaged file opened');
      problem = r;
      if (/can no longer be trusted/.test(r)) break;
    }
    expect(opened).toBeGreaterThan(100); // a person never gets there; a fuzzer does
    expect(hdf5Wear(module)).toBeGreaterThanOrEqual(1);
    expect(problem).toMatch(/^the HDF5 library has met \d+ errors in damaged files since it was loaded and can no longer be trusted; reload the page \(or run the command again\) before opening more HDF5 files$/);
    expect(await openOrProblem(good, 'good.h5')).toBe(problem);
  });
});
