/// <reference lib="webworker" />
/**
 * Mapping worker: auto-mapping aligns every layer of A against every layer of B (seconds on
 * models with hundreds of layers), so it runs here rather than on the main thread. It keeps the
 * two documents' plain views; the mapping itself travels with every call, so undo/redo on the
 * main thread is just keeping old Mapping objects.
 */
import * as Comlink from 'comlink';
import { autoMap, mappingFromJson, remap, removePair, setPair } from '../core/mapping';
import type { MapOptions, Mapping } from '../core/mapping/types';
import type { ModelDoc, ModelDocView } from '../core/model/types';
import { compareTensors } from './compareTensors';
import type { CompareRequest, CompareResult, MappingWorkerApi } from './mappingApi';

/** A document whose tensors cannot be read: mapping needs names, shapes and configs only. */
function docOf(view: ModelDocView): ModelDoc {
  const tensors = view.tensors.map((t) => ({
    ...t,
    read: (): Promise<Uint8Array> => Promise.reject(new Error(`${view.fileName}: the mapping worker holds no tensor bytes`)),
  }));
  return { ...view, tensors };
}

let docs: { a: ModelDoc; b: ModelDoc } | null = null;

function both(): { a: ModelDoc; b: ModelDoc } {
  if (!docs) throw new Error('open a model in both slots first');
  return docs;
}

const api: MappingWorkerApi = {
  setDocs(a: ModelDocView, b: ModelDocView): void {
    docs = { a: docOf(a), b: docOf(b) };
  },
  autoMap(options?: MapOptions): Mapping {
    const { a, b } = both();
    return autoMap(a, b, options);
  },
  setPair(m: Mapping, aPath: string, bPath: string): Mapping {
    const { a, b } = both();
    return setPair(m, a, b, aPath, bPath);
  },
  removePair(m: Mapping, id: string): Mapping {
    const { a, b } = both();
    return removePair(m, a, b, id);
  },
  remap(m: Mapping, options: MapOptions): Mapping {
    const { a, b } = both();
    return remap(m, a, b, options);
  },
  fromJson(text: string): Mapping {
    const { a, b } = both();
    return mappingFromJson(text, a, b);
  },
  compare(request: CompareRequest): CompareResult {
    const r = compareTensors(request);
    return Comlink.transfer(r, [r.stored.values.buffer, r.transformed.values.buffer, r.diff.values.buffer] as ArrayBuffer[]);
  },
};

Comlink.expose(api);
