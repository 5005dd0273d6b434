import type { ConvertTiming } from './bench';

/**
 * Conversion throughput in a real worker (for `npm run bench` only): the file is opened from its
 * Blob as the convert worker does, converted standalone, and the output is counted, not stored,
 * so the browser's storage speed does not count.
 */
export function convertThroughput(file: File, format: 'safetensors' | 'pt'): Promise<ConvertTiming> {
  const worker = new Worker(new URL('../../workers/benchConvertWorker.ts', import.meta.url), { type: 'module', name: 'weightbridge-bench-convert' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<{ ms: number; bytes: number } | { error: string }>) => {
      worker.terminate();
      if ('error' in e.data) reject(new Error(e.data.error));
      else resolve({ format, bytes: e.data.bytes, ms: e.data.ms, mbPerS: e.data.bytes / 2 ** 20 / (e.data.ms / 1000) });
    };
    worker.onerror = (e) => { worker.terminate(); reject(new Error(e.message)); };
    worker.postMessage({ file, format });
  });
}
