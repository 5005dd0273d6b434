/// <reference lib="webworker" />
/**
 * Benchmark worker: converts a file standalone (metadata read from the Blob, each tensor's bytes
 * read and rewritten, CRCs computed with the browser's portable CRC-32) and counts the output.
 * Loaded only by the `?bench=1` hook.
 */
import { convertStandalone } from '../core/convert';
import { openModel } from '../core/formats/registry';
import { blobSource } from '../core/io/byteSource';

self.onmessage = async (e: MessageEvent<{ file: File; format: 'safetensors' | 'pt' }>) => {
  try {
    const { file, format } = e.data;
    const doc = await openModel(blobSource(file, file.name));
    const t0 = performance.now();
    let bytes = 0;
    for await (const part of convertStandalone(doc, format).parts) bytes += part.length;
    self.postMessage({ ms: performance.now() - t0, bytes });
  } catch (err) {
    self.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
