import { loadTf } from './tf';
import type { BackendName } from './types';

/**
 * Where tfjs-backend-wasm finds its .wasm files: a folder prefix ending in '/' or a map from file
 * name to URL. The browser app passes Vite `?url` imports; Node passes the package's dist folder
 * (src/cli/wasmPaths.ts). Core cannot work it out itself: it must not depend on Node or on a bundler.
 */
export type WasmPaths = string | Record<string, string>;

let wasmPaths: WasmPaths | undefined;
let wasmConfigured = false;

export function setWasmPaths(paths: WasmPaths): void {
  wasmPaths = paths;
}

export interface BackendChoice {
  requested: BackendName;
  /** tf.getBackend() afterwards: tfjs falls back silently when a backend cannot start */
  actual: string;
  fellBack: boolean;
}

async function register(name: BackendName): Promise<void> {
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // setWasmPaths must run once, before the backend's first initialisation.
    if (!wasmConfigured && wasmPaths !== undefined) {
      if (typeof wasmPaths === 'string') wasm.setWasmPaths(wasmPaths);
      else wasm.setWasmPaths(wasmPaths);
      wasmConfigured = true;
    }
  } else if (name === 'webgl') {
    await import('@tensorflow/tfjs-backend-webgl');
  }
}

/** Makes `name` the current tfjs backend, loading it on first use, and says what was actually chosen. */
export async function selectBackend(name: BackendName = 'cpu'): Promise<BackendChoice> {
  const tf = await loadTf();
  if (tf.getBackend() !== name || !tf.findBackend(name)) {
    await register(name);
    const ok = await tf.setBackend(name).catch(() => false);
    if (!ok && tf.getBackend() === undefined) await tf.setBackend('cpu');
  }
  await tf.ready();
  const actual = tf.getBackend();
  return { requested: name, actual, fellBack: actual !== name };
}

/** The backends worth offering here: cpu always; wasm when its files are known; webgl in a browser. */
export function candidateBackends(isNode: boolean): BackendName[] {
  const out: BackendName[] = ['cpu'];
  if (wasmPaths !== undefined || !isNode) out.push('wasm');
  if (!isNode) out.push('webgl');
  return out;
}
