/**
 * The mapping view's store, apart from the slots' store: which view is shown, the mapping of the
 * two open documents, its undo/redo history and what is selected. The mapping is computed in the
 * mapping worker; edits run one at a time, each on the mapping the previous one left.
 */
import { create } from 'zustand';
import type { FeatureMap, Mapping } from '../../core/mapping/types';
import { mappingClient } from '../../workers/mappingClient';
import { useSlots } from '../store/slotsStore';
import type { LoadedSlot, SlotState } from '../store/types';

export type MapMode = 'inspect' | 'map' | 'run' | 'convert';
export type MapSelection = { kind: 'pair'; id: string } | { kind: 'layer'; side: 'a' | 'b'; path: string } | null;
export interface MapNotice { tone: 'error' | 'info'; text: string }

const HISTORY = 200;

interface MappingStore {
  mode: MapMode;
  /** the documents the mapping belongs to (the slots' open ids), null when a slot is not loaded */
  key: string | null;
  phase: 'idle' | 'mapping' | 'ready' | 'error';
  error: string | null;
  mapping: Mapping | null;
  past: Mapping[];
  future: Mapping[];
  /** an edit is running in the worker */
  busy: boolean;
  selection: MapSelection;
  notice: MapNotice | null;
  showWeightless: boolean;
  /** the layer whose partner is being picked from a list (keyboard pairing) */
  picker: { side: 'a' | 'b'; path: string } | null;
  setMode(mode: MapMode): void;
  openPicker(side: 'a' | 'b', path: string): void;
  closePicker(): void;
  select(selection: MapSelection): void;
  pair(aPath: string, bPath: string): void;
  unpair(id: string): void;
  answerFlatten(layer: string, answer: FeatureMap | 'none'): void;
  rerun(): void;
  undo(): void;
  redo(): void;
  importText(text: string, fileName: string): void;
  dismissNotice(): void;
  toggleWeightless(): void;
}

const loaded = (s: SlotState): LoadedSlot | null => (s.status === 'loaded' ? s : null);
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

let queue: Promise<unknown> = Promise.resolve();
let inflight = 0;

export const useMapping = create<MappingStore>()((set, get) => {
  /** Runs `job` after the edits before it; its result is dropped if the documents changed meanwhile. */
  const enqueue = <T>(job: () => Promise<T>, done: (v: T) => void, what: string): void => {
    const key = get().key;
    inflight++;
    set({ busy: true });
    const settle = (): boolean => { inflight--; if (!inflight) set({ busy: false }); return get().key === key; };
    const run = queue.then(job).then(
      (v) => { if (settle()) done(v); },
      (e: unknown) => { if (settle()) set({ notice: { tone: 'error', text: `${what}: ${message(e)}` } }); },
    );
    queue = run.catch(() => undefined);
  };

  /** A new mapping from an edit: the old one goes on the undo stack. */
  const commit = (next: Mapping, selection?: MapSelection, notice: MapNotice | null = null): void => {
    const { mapping, past } = get();
    set({
      mapping: next, past: mapping ? [...past, mapping].slice(-HISTORY) : past, future: [],
      selection: selection === undefined ? keepSelection(get().selection, next) : selection, notice,
    });
  };

  const edit = (what: string, job: (m: Mapping) => Promise<Mapping>, select?: (next: Mapping) => MapSelection): void => {
    if (!get().mapping) return;
    // The job reads the mapping when it runs, so queued edits build on each other.
    enqueue(() => job(get().mapping!), (next) => commit(next, select?.(next)), what);
  };

  /** Maps the two loaded documents afresh when they are not the ones mapped, or after a failure (called in map mode). */
  const sync = (retry = false): void => {
    const { left, right } = useSlots.getState().slots;
    const a = loaded(left), b = loaded(right);
    const key = a && b ? `${a.openId}:${b.openId}` : null;
    if (key === get().key && !(retry && get().phase === 'error')) return;
    set({ key, mapping: null, past: [], future: [], selection: null, notice: null, error: null, picker: null, phase: key ? 'mapping' : 'idle' });
    if (!a || !b || !key) return;
    mappingClient.useDocs(key, a.doc, b.doc);
    const run = queue.then(() => mappingClient.autoMap()).then(
      (m) => { if (get().key === key) set({ mapping: m, phase: 'ready' }); },
      (e: unknown) => { if (get().key === key) set({ phase: 'error', error: message(e) }); },
    );
    queue = run.catch(() => undefined);
  };

  useSlots.subscribe(() => { if (get().mode === 'map') sync(); });

  return {
    mode: 'inspect', key: null, phase: 'idle', error: null, mapping: null, past: [], future: [],
    busy: false, selection: null, notice: null, showWeightless: true, picker: null,

    setMode(mode) {
      set({ mode });
      if (mode === 'map') sync(true);
    },
    select(selection) { set({ selection }); },
    openPicker(side, path) { set({ picker: { side, path } }); },
    closePicker() { set({ picker: null }); },
    pair(aPath, bPath) {
      edit(`pairing ${aPath || '(root)'} with ${bPath || '(root)'}`, (m) => mappingClient.setPair(m, aPath, bPath),
        (next) => pairSelection(next, aPath, bPath));
    },
    unpair(id) {
      const p = get().mapping?.pairs.find((x) => x.id === id);
      edit('unpairing', (m) => mappingClient.removePair(m, id), () => (p ? { kind: 'layer', side: 'a', path: p.a } : null));
    },
    answerFlatten(layer, answer) {
      edit('re-checking with your answer', (m) => mappingClient.remap(m, { ...m.options, flatten: { ...m.options.flatten, [layer]: answer } }));
    },
    rerun() {
      edit('matching the layers again', (m) => mappingClient.autoMap(m.options));
    },
    undo() {
      const { past, mapping, future, busy } = get();
      if (busy || !past.length || !mapping) return;
      const prev = past[past.length - 1];
      set({ mapping: prev, past: past.slice(0, -1), future: [mapping, ...future], selection: keepSelection(get().selection, prev), notice: null });
    },
    redo() {
      const { past, mapping, future, busy } = get();
      if (busy || !future.length || !mapping) return;
      const next = future[0];
      set({ mapping: next, past: [...past, mapping], future: future.slice(1), selection: keepSelection(get().selection, next), notice: null });
    },
    importText(text, fileName) {
      if (!get().mapping) return;
      enqueue(() => mappingClient.fromJson(text), (next) => {
        const bad = next.pairs.filter((p) => p.status === 'incompatible').length;
        commit(next, null, {
          tone: bad || next.status === 'incompatible' ? 'error' : 'info',
          text: `${fileName}: ${next.pairs.length} pair${next.pairs.length === 1 ? '' : 's'} imported and checked against the open files`
            + (bad ? ` — ${bad} incompatible` : next.status === 'incompatible' ? ' — some layers with weights are left unmapped' : ''),
        });
      }, `${fileName} could not be imported`);
    },
    dismissNotice() { set({ notice: null }); },
    toggleWeightless() { set({ showWeightless: !get().showWeightless }); },
  };
});

function pairSelection(m: Mapping, a: string, b: string): MapSelection {
  const p = m.pairs.find((x) => x.a === a && x.b === b);
  return p ? { kind: 'pair', id: p.id } : null;
}

/** The selection after the mapping changed: a pair that is gone leaves its A layer selected. */
function keepSelection(sel: MapSelection, m: Mapping): MapSelection {
  if (!sel || sel.kind === 'layer') {
    if (sel?.kind === 'layer') {
      const p = m.pairs.find((x) => (sel.side === 'a' ? x.a : x.b) === sel.path);
      if (p) return { kind: 'pair', id: p.id };
    }
    return sel;
  }
  if (m.pairs.some((p) => p.id === sel.id)) return sel;
  const [a] = sel.id.split(' ↔ ');
  const now = m.pairs.find((p) => p.a === a);
  return now ? { kind: 'pair', id: now.id } : { kind: 'layer', side: 'a', path: a };
}
