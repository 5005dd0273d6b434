import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setWasmPaths } from '../core/runtime/backend';

/**
 * In Node, tfjs-backend-wasm loads its .wasm files from disk: point it at the package's dist
 * folder (found through Node's resolver, so hoisting and workspaces do not matter).
 */
export function configureNodeWasm(): string {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
  setWasmPaths(dir);
  return dir;
}
