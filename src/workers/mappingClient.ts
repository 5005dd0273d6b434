/**
 * Main-thread client of the mapping worker: one worker for the tab, started when the mapping
 * view first needs it. The documents are sent once per pair of opened files; a worker that dies
 * is replaced on the next call and given the documents again.
 */
import * as Comlink from 'comlink';
import type { MapOptions, Mapping } from '../core/mapping/types';
import type { ModelDocView } from '../core/model/types';
import type { CompareRequest, CompareResult, MappingWorkerApi } from './mappingApi';

export type { CompareRequest, CompareResult, CompareLayout, CompareGrid, RawTensor } from './mappingApi';

interface Live { worker: Worker; remote: Comlink.Remote<MappingWorkerApi>; docsKey: string | null; dead: Error | null; pending: Set<(e: Error) => void> }

let live: Live | null = null;
let docs: { key: string; a: ModelDocView; b: ModelDocView } | null = null;

function start(): Live {
  const worker = new Worker(new URL('./mappingWorker.ts', import.meta.url), { type: 'module', name: 'weightbridge-mapping' });
  const l: Live = { worker, remote: Comlink.wrap<MappingWorkerApi>(worker), docsKey: null, dead: null, pending: new Set() };
  worker.addEventListener('error', (ev: ErrorEvent) => {
    ev.preventDefault();
    l.dead = new Error(`the mapping worker stopped (${ev.message || 'it failed to load or crashed'})`);
    worker.terminate();
    for (const reject of l.pending) reject(l.dead);
    l.pending.clear();
    if (live === l) live = null;
  });
  return l;
}

/** Runs one call on a live worker that holds the current documents; rejects if the worker dies meanwhile. */
async function call<T>(fn: (r: Comlink.Remote<MappingWorkerApi>) => Promise<T>): Promise<T> {
  const l = (live ??= start());
  const guarded = <U>(p: Promise<U>): Promise<U> => new Promise<U>((resolve, reject) => {
    if (l.dead) { reject(l.dead); return; }
    l.pending.add(reject);
    p.then((v) => { l.pending.delete(reject); resolve(v); }, (e: unknown) => { l.pending.delete(reject); reject(e); });
  });
  if (docs && l.docsKey !== docs.key) {
    const { key, a, b } = docs;
    await guarded(l.remote.setDocs(a, b));
    l.docsKey = key;
  }
  return guarded(fn(l.remote));
}

export const mappingClient = {
  /** The documents the next calls map; `key` names them so they are sent only when they change. */
  useDocs(key: string, a: ModelDocView, b: ModelDocView): void {
    if (docs?.key !== key) docs = { key, a, b };
  },
  autoMap: (options?: MapOptions): Promise<Mapping> => call((r) => r.autoMap(options)),
  setPair: (m: Mapping, aPath: string, bPath: string): Promise<Mapping> => call((r) => r.setPair(m, aPath, bPath)),
  removePair: (m: Mapping, id: string): Promise<Mapping> => call((r) => r.removePair(m, id)),
  remap: (m: Mapping, options: MapOptions): Promise<Mapping> => call((r) => r.remap(m, options)),
  fromJson: (text: string): Promise<Mapping> => call((r) => r.fromJson(text)),
  compare: (req: CompareRequest): Promise<CompareResult> =>
    call((r) => r.compare(Comlink.transfer(req, [...new Set([...req.a, ...req.b].map((t) => t.bytes.buffer as ArrayBuffer))]))),
};
