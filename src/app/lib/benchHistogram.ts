/** The histogram + statistics pass of the views, timed in a real worker (for `npm run bench` only). */
export function histogramThroughput(elements: number): Promise<{ ms: number; bytes: number; gbPerS: number }> {
  const worker = new Worker(new URL('../../workers/benchWorker.ts', import.meta.url), { type: 'module', name: 'weightbridge-bench' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<{ ms: number } | { error: string }>) => {
      worker.terminate();
      if ('error' in e.data) reject(new Error(e.data.error));
      else resolve({ ms: e.data.ms, bytes: elements * 4, gbPerS: (elements * 4) / (e.data.ms / 1000) / 1e9 });
    };
    worker.onerror = (e) => { worker.terminate(); reject(new Error(e.message)); };
    worker.postMessage({ elements });
  });
}
