/**
 * h5wasm's browser build carries its 3.6 MB WebAssembly module inside its JavaScript, as one
 * string literal that `findWasmBinary()` decodes (emscripten's SINGLE_FILE). Every worker that
 * loads it parses 4 MB of JavaScript, decodes the string and compiles the module from bytes, and
 * the browser can neither compile it while downloading nor keep the compiled code. This build
 * step moves the module into its own `.wasm` asset and has emscripten instantiate it with
 * `WebAssembly.instantiateStreaming`, which compiles as the bytes arrive and lets Chromium cache
 * the compiled code for the next worker and the next visit. Anything unexpected in the library's
 * code fails the build rather than shipping a half-patched module.
 */
import type { Plugin } from 'vite';

const TARGET = /h5wasm\/dist\/esm\/hdf5_util\.js$/;
const FIND_START = 'function findWasmBinary(){return binaryDecode(';
const FIND_END = ')}function getBinarySync';
const INSTANTIATE = 'async function instantiateAsync(binary,binaryFile,imports){return instantiateArrayBuffer(binaryFile,imports)}';

/** emscripten's binaryDecode, byte for byte */
function binaryDecode(bin: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) {
    const c = bin.charCodeAt(i);
    out[i] = (~c >> 8) & c;
  }
  return out;
}

/** The string literal's value, unescaped by the JavaScript parser itself (it is a plain literal). */
function literalValue(source: string): string {
  if (!/^'[\s\S]*'$/.test(source)) throw new Error('the embedded module is not a single-quoted string literal');
  return new Function(`return ${source}`)() as string;
}

export function h5wasmWasmFile(): Plugin {
  return {
    name: 'weightbridge-h5wasm-wasm-file',
    apply: 'build',
    transform(code, id) {
      if (!TARGET.test(id.replace(/\\/g, '/'))) return null;
      const start = code.indexOf(FIND_START);
      const end = start < 0 ? -1 : code.indexOf(FIND_END, start);
      if (start < 0 || end < 0 || !code.includes(INSTANTIATE)) {
        throw new Error(`${id}: h5wasm's loader changed; update scripts/vite/h5wasmWasmFile.ts`);
      }
      const bytes = binaryDecode(literalValue(code.slice(start + FIND_START.length, end)));
      if (!WebAssembly.validate(bytes)) throw new Error(`${id}: the embedded WebAssembly module does not validate`);
      const ref = this.emitFile({ type: 'asset', name: 'hdf5.wasm', source: bytes });
      const find = `function findWasmBinary(){return new URL(import.meta.ROLLUP_FILE_URL_${ref}, import.meta.url).href}`;
      // A server that does not send application/wasm makes streaming refuse: fetch the bytes instead.
      const instantiate = 'async function instantiateAsync(binary,binaryFile,imports){'
        + 'try{return await WebAssembly.instantiateStreaming(fetch(binaryFile,{credentials:"same-origin"}),imports)}'
        + 'catch(reason){err(`streaming compilation failed (${reason}); compiling from bytes`);'
        + 'var response=await fetch(binaryFile,{credentials:"same-origin"});'
        + 'if(!response.ok)throw new Error(`${binaryFile}: HTTP ${response.status}`);'
        + 'return WebAssembly.instantiate(await response.arrayBuffer(),imports)}}';
      return {
        code: code.slice(0, start) + find + code.slice(end + 2).replace(INSTANTIATE, instantiate),
        map: null,
      };
    },
  };
}
