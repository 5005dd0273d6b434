import type { ByteSource } from '../io/byteSource';
import { readExact } from '../io/byteSource';
import { throwIfAborted } from '../model/errors';
import { ConvertError } from './errors';
import type { ConvertProgress } from './types';

const MiB = 1024 * 1024;

/** Reports progress as parts go by (at most every 1 MiB of output, and at the end). */
export async function* withProgress(
  parts: AsyncIterable<Uint8Array>, total: number | undefined, stage: string,
  onProgress?: (p: ConvertProgress) => void, signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  let bytes = 0, reported = -Infinity;
  const report = (): void => {
    const p: ConvertProgress = { bytes, stage };
    if (total) { p.total = total; p.fraction = Math.min(1, bytes / total); }
    onProgress?.(p);
  };
  for await (const part of parts) {
    throwIfAborted(signal);
    bytes += part.length;
    if (onProgress && bytes - reported >= MiB) { report(); reported = bytes; }
    yield part;
  }
  // the last report carries the real size (estimates are close, not exact)
  if (total !== undefined) total = bytes;
  report();
}

/** The whole output in one array (tests, verification of small files, h5 inputs). */
export async function collectBytes(parts: AsyncIterable<Uint8Array>, maxBytes = 2 ** 31 - 1): Promise<Uint8Array> {
  const list: Uint8Array[] = [];
  let n = 0;
  for await (const p of parts) {
    n += p.length;
    if (n > maxBytes) throw new ConvertError(`the output is larger than ${maxBytes} bytes and cannot be held in memory; write it to a file instead`);
    list.push(p);
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of list) { out.set(p, at); at += p.length; }
  return out;
}

/** A byte range of a source, in chunks (copying entries and storages without holding them whole). */
export async function* readChunks(src: ByteSource, offset: number, length: number, chunk = 16 * MiB, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  for (let pos = 0; pos < length; pos += chunk) {
    throwIfAborted(signal);
    yield await readExact(src, offset + pos, Math.min(chunk, length - pos));
  }
}

/** Yields one array as parts of at most `chunk` bytes (views, no copies). */
export async function* chunksOf(bytes: Uint8Array, chunk = 16 * MiB): AsyncGenerator<Uint8Array> {
  for (let pos = 0; pos < bytes.length; pos += chunk) yield bytes.subarray(pos, Math.min(bytes.length, pos + chunk));
}

/**
 * The parts as a WHATWG ReadableStream (pull-based, so a slow consumer — a download, a file
 * picker's writable — paces the conversion): `new Response(toReadableStream(c.parts)).blob()`,
 * or `toReadableStream(c.parts).pipeTo(fileHandleWritable)`. Cancelling the stream stops the conversion.
 */
export function toReadableStream(parts: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = parts[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      const r = await it.next();
      if (r.done) ctrl.close();
      else ctrl.enqueue(r.value);
    },
    async cancel() {
      await it.return?.();
    },
  });
}
