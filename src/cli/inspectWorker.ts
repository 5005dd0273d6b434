import { parentPort, workerData } from 'node:worker_threads';
import { inspectFile, renderText } from './inspect';

/**
 * `inspect` runs here, in a worker thread, so the main thread can stop it at the deadline even
 * when a library is stuck in a synchronous loop (a timer in the same thread would never fire).
 */
export interface InspectJob { path: string; hash: boolean; json: boolean }
export type InspectReply = { ok: true; out: string } | { ok: false; message: string };

const job = workerData as InspectJob;
inspectFile(job.path, job.hash).then(
  ({ doc, json }) => parentPort!.postMessage({ ok: true, out: job.json ? JSON.stringify(json) : renderText(doc, json) } satisfies InspectReply),
  (err: unknown) => parentPort!.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) } satisfies InspectReply),
);
