/**
 * The app's one store: per-slot state. Workers (one per slot) live beside the store, not in it;
 * every async result carries the slot's open id and is dropped when the slot moved on.
 */
import { create } from 'zustand';
import { OPEN_TIMEOUT_MS, failureOf, type ModelClient } from '../../workers/client';
import { noteOpened, refillSpare, takeModelClient } from './modelWorkerPool';
import { architectureRefusal, needsWeightsFirst } from '../lib/architecture';
import type { ExampleEntry, LoadedSlot, Selection, SlotId, SlotState } from './types';
import { progressKey, useStatsProgress } from './statsProgress';

export const PREVIEW_ELEMENTS = 48;
/** The message of statistics the user cancelled (a Pending error, so selecting the tensor again restarts them). */
export const STATS_CANCELLED = 'cancelled';

/**
 * The watchdog for opening a file: 60 s, or `?openTimeoutMs=` (1 s … 10 min) so tests and users
 * with huge files on slow disks can change it.
 */
function openTimeoutMs(): number {
  const raw = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('openTimeoutMs');
  const v = raw === null ? NaN : Number(raw);
  return Number.isFinite(v) ? Math.min(600_000, Math.max(1000, v)) : OPEN_TIMEOUT_MS;
}

interface SlotsStore {
  slots: Record<SlotId, SlotState>;
  /** Opens a model file; `architecture` (a model JSON) is applied once it is open. */
  openFile(slot: SlotId, file: File, architecture?: File): void;
  /** Applies an architecture JSON to the slot's weights-only Keras document (or says why not). */
  applyArchitecture(slot: SlotId, json: File): void;
  dismissArchitectureError(slot: SlotId): void;
  openExample(slot: SlotId, example: ExampleEntry, url: string): void;
  cancel(slot: SlotId): void;
  /** Stops the statistics of one tensor; the model stays open and everything else goes on. */
  cancelStats(slot: SlotId, tensor: string): void;
  close(slot: SlotId): void;
  select(slot: SlotId, selection: Selection): void;
}

const clients: Partial<Record<SlotId, ModelClient>> = {};
const fetches: Partial<Record<SlotId, AbortController>> = {};
const openIds: Record<SlotId, number> = { left: 0, right: 0 };
/** The latest statistics run per progress key: a late progress report of a cancelled run is dropped. */
const statsRuns = new Map<string, number>();
let lastStatsRun = 0;
/** An architecture JSON waiting for the slot's model to finish opening. */
const pendingJson: Partial<Record<SlotId, File>> = {};

/** The File each slot opened: the Run view hands it to its own worker (src/app/run). */
const files: Partial<Record<SlotId, File>> = {};
export function slotFile(slot: SlotId): File | undefined {
  return files[slot];
}

/** The worker client of a slot, for views that ask it directly (plots, exports); undefined when none is open. */
export function slotClient(slot: SlotId): ModelClient | undefined {
  return clients[slot];
}

function stopSlot(slot: SlotId): void {
  openIds[slot]++;
  delete pendingJson[slot];
  fetches[slot]?.abort();
  delete fetches[slot];
  delete files[slot];
  clients[slot]?.dispose();
  delete clients[slot];
  useStatsProgress.getState().clearSlot(slot);
}

export const useSlots = create<SlotsStore>()((set, get) => {
  const setSlot = (slot: SlotId, state: SlotState): void =>
    set((s) => ({ slots: { ...s.slots, [slot]: state } }));

  /** Updates a loaded slot only while it still shows the document of `openId`. */
  const patchLoaded = (slot: SlotId, openId: number, patch: (s: LoadedSlot) => Partial<LoadedSlot>): void => {
    const cur = get().slots[slot];
    if (cur.status !== 'loaded' || cur.openId !== openId) return;
    setSlot(slot, { ...cur, ...patch(cur) });
  };

  const fail = (slot: SlotId, fileName: string, err: unknown): void => {
    const { failure, message } = failureOf(err);
    if (failure === 'cancelled') { setSlot(slot, { status: 'empty' }); return; }
    const text = failure === 'read' && message.startsWith(fileName) ? message : `${fileName}: ${message}`;
    setSlot(slot, { status: 'error', fileName, failure, message: text });
  };

  const startOpen = (slot: SlotId, fileName: string, fileSize: number | null, getFile: (signal: AbortSignal) => Promise<File>, json?: File): void => {
    stopSlot(slot);
    if (json) pendingJson[slot] = json;
    const openId = openIds[slot];
    const current = (): boolean => openIds[slot] === openId;
    setSlot(slot, { status: 'opening', fileName, fileSize, fraction: 0, what: 'starting' });
    const fetchCtl = new AbortController();
    fetches[slot] = fetchCtl;
    void (async () => {
      let name = fileName;
      try {
        const file = await getFile(fetchCtl.signal);
        if (!current()) return;
        delete fetches[slot];
        files[slot] = file;
        name = file.name;
        const client = takeModelClient();
        clients[slot] = client;
        setSlot(slot, { status: 'opening', fileName: name, fileSize: file.size, fraction: 0, what: 'starting the reader' });
        // Progress messages can arrive after the result: only an opening slot takes them.
        const doc = await client.open(file, (fraction, what) => {
          if (current() && get().slots[slot].status === 'opening') {
            setSlot(slot, { status: 'opening', fileName: name, fileSize: file.size, fraction, what });
          }
        }, openTimeoutMs());
        noteOpened(doc.format);
        refillSpare();
        if (!current()) return;
        setSlot(slot, { status: 'loaded', doc, openId, selection: null, stats: {}, previews: {} });
        const waiting = pendingJson[slot];
        delete pendingJson[slot];
        if (waiting) get().applyArchitecture(slot, waiting);
      } catch (err) {
        refillSpare();
        if (!current()) return;
        stopSlot(slot);
        fail(slot, name, err);
      }
    })();
  };

  const loadTensor = (slot: SlotId, s: LoadedSlot, name: string): void => {
    const client = clients[slot];
    const { openId } = s;
    if (!client) return;
    if (!s.stats[name] || s.stats[name].state === 'error') {
      const key = progressKey(slot, openId, name);
      const run = ++lastStatsRun;
      statsRuns.set(key, run);
      const progress = useStatsProgress.getState();
      progress.clear(key);
      const finish = (): void => {
        if (statsRuns.get(key) !== run) return;
        statsRuns.delete(key);
        progress.clear(key);
      };
      patchLoaded(slot, openId, (c) => ({ stats: { ...c.stats, [name]: { state: 'loading' } } }));
      client.tensorStats(name, (fraction) => {
        if (statsRuns.get(key) === run) progress.setFraction(key, fraction);
      }).then(
        (value) => { finish(); patchLoaded(slot, openId, (c) => ({ stats: { ...c.stats, [name]: { state: 'done', value } } })); },
        (err: unknown) => {
          finish();
          const { failure, message } = failureOf(err);
          patchLoaded(slot, openId, (c) => ({ stats: { ...c.stats, [name]: { state: 'error', message: failure === 'cancelled' ? STATS_CANCELLED : message } } }));
        },
      );
    }
    if (!s.previews[name] || s.previews[name].state === 'error') {
      patchLoaded(slot, openId, (c) => ({ previews: { ...c.previews, [name]: { state: 'loading' } } }));
      client.tensorPreview(name, PREVIEW_ELEMENTS).then(
        (value) => patchLoaded(slot, openId, (c) => ({ previews: { ...c.previews, [name]: { state: 'done', value } } })),
        (err: unknown) => patchLoaded(slot, openId, (c) => ({ previews: { ...c.previews, [name]: { state: 'error', message: failureOf(err).message } } })),
      );
    }
  };

  /** Sends the JSON's text to the slot's worker; the slot shows the new document, or an error beside the old one. */
  const runApply = (slot: SlotId, s: LoadedSlot, json: File): void => {
    const { openId } = s;
    const client = clients[slot];
    const refusal = architectureRefusal(s.doc, json, !!client?.alive);
    if (refusal || !client) {
      patchLoaded(slot, openId, () => ({ architecture: { state: 'error', fileName: json.name, message: refusal ?? `${json.name}: the reader of this slot is gone` } }));
      return;
    }
    patchLoaded(slot, openId, () => ({ architecture: { state: 'applying', fileName: json.name } }));
    void (async () => {
      try {
        const text = await json.text();
        const doc = await client.applyArchitecture(text);
        if (openIds[slot] !== openId) return;
        const next = ++openIds[slot];
        setSlot(slot, { status: 'loaded', doc, openId: next, selection: null, stats: {}, previews: {}, architectureFile: json.name });
      } catch (err) {
        const { failure, message } = failureOf(err);
        if (failure === 'cancelled') return;
        const lost = failure === 'read' ? '' : ' (the reader of this slot stopped: open the file again to read its tensors)';
        patchLoaded(slot, openId, () => ({ architecture: { state: 'error', fileName: json.name, message: `${json.name}: ${message}${lost}` } }));
      }
    })();
  };

  return {
    slots: { left: { status: 'empty' }, right: { status: 'empty' } },

    openFile(slot, file, architecture) {
      startOpen(slot, file.name, file.size, async () => file, architecture);
    },

    applyArchitecture(slot, json) {
      const cur = get().slots[slot];
      if (cur.status === 'opening') { pendingJson[slot] = json; return; }
      if (cur.status !== 'loaded') { setSlot(slot, { status: 'empty', notice: needsWeightsFirst(json.name) }); return; }
      if (cur.architecture?.state === 'applying') return;
      runApply(slot, cur, json);
    },

    dismissArchitectureError(slot) {
      const cur = get().slots[slot];
      if (cur.status === 'loaded' && cur.architecture?.state === 'error') patchLoaded(slot, cur.openId, () => ({ architecture: undefined }));
    },

    openExample(slot, example, url) {
      startOpen(slot, example.file, null, async (signal) => {
        setSlot(slot, { status: 'opening', fileName: example.file, fileSize: null, fraction: 0, what: 'downloading the example' });
        const res = await fetch(url, { signal });
        if (!res.ok) throw new Error(`could not download the example (HTTP ${res.status})`);
        const blob = await res.blob();
        return new File([blob], example.file, { type: 'application/octet-stream' });
      });
    },

    cancel(slot) {
      const cur = get().slots[slot];
      if (cur.status !== 'opening') return;
      clients[slot]?.cancel();
      stopSlot(slot);
      setSlot(slot, { status: 'empty' });
    },

    cancelStats(slot, tensor) {
      const cur = get().slots[slot];
      if (cur.status !== 'loaded' || cur.stats[tensor]?.state !== 'loading') return;
      clients[slot]?.cancelStats(tensor);
    },

    close(slot) {
      stopSlot(slot);
      setSlot(slot, { status: 'empty' });
    },

    select(slot, selection) {
      const cur = get().slots[slot];
      if (cur.status !== 'loaded') return;
      setSlot(slot, { ...cur, selection });
      if (selection?.kind === 'tensor') loadTensor(slot, get().slots[slot] as LoadedSlot, selection.name);
    },
  };
});
