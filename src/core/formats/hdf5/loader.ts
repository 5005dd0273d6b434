import { FormatError } from '../../model/errors';
import type { H5Lib, H5Module } from './h5wasmTypes';

/**
 * Loads h5wasm on first use. Two builds exist: the ESM build (browser, worker, and Node when the
 * bytes are in memory: it has MEMFS and WORKERFS) and `h5wasm/node`, whose NODERAWFS reads real
 * files lazily but cannot hold in-memory files (its "MEMFS" writes to the real disk).
 */
export type H5Flavour = 'esm' | 'node';

export interface LoadedH5 {
  lib: H5Lib;
  module: H5Module;
  flavour: H5Flavour;
}

const loading = new Map<H5Flavour, Promise<LoadedH5>>();

export function runningInNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return !!p?.versions?.node;
}

export function loadH5(flavour: H5Flavour): Promise<LoadedH5> {
  let p = loading.get(flavour);
  if (!p) {
    p = importFlavour(flavour).then(async (lib) => ({ lib, module: (await lib.ready) as H5Module, flavour }));
    // A failed load (offline chunk, blocked wasm) must not poison later attempts.
    p.catch(() => loading.delete(flavour));
    loading.set(flavour, p);
  }
  return p.catch((err: unknown) => {
    throw new FormatError(`could not load the HDF5 library (h5wasm): ${err instanceof Error ? err.message : String(err)}`);
  });
}

async function importFlavour(flavour: H5Flavour): Promise<H5Lib> {
  if (flavour === 'node') {
    // A computed specifier keeps bundlers from pulling the Node-only build into the browser bundle.
    const spec = 'h5wasm/node';
    return (await import(/* @vite-ignore */ spec)) as H5Lib;
  }
  return (await import('h5wasm')) as unknown as H5Lib;
}
