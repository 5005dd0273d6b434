/**
 * The Convert view's store: per source slot, what to convert to and the last job (its progress,
 * the check's verdict and the output ready to download). The work happens in the convert worker;
 * a result is dropped (and its stored output freed) as soon as either slot opens another file.
 */
import { create } from 'zustand';
import { mappingToText } from '../../core/mapping/json';
import type { BackendName } from '../../core/runtime/types';
import { useMapping } from '../mapping/mappingStore';
import { slotFile, useSlots } from '../store/slotsStore';
import type { SlotId } from '../store/types';
import type { ConvertReply, ConvertStep, MappingSummary, StandaloneFormat } from './convertApi';
import { cancelConvert, ConvertCancelled, discardOutput, runConvert } from './convertClient';

export type Choice = 'into' | StandaloneFormat;
export type Done = Extract<ConvertReply, { kind: 'done' }>;

export type CardJob =
  | { state: 'idle' }
  | { state: 'busy'; step: ConvertStep }
  | { state: 'blocked'; mapping: MappingSummary }
  | { state: 'done'; id: number; reply: Done }
  | { state: 'error'; message: string }
  | { state: 'cancelled' };

export interface Card { choice: Choice | null; job: CardJob; confirming: boolean }

interface ConvertStore {
  backend: BackendName;
  tolerance: number;
  seed: number;
  /** the slots' documents the cards belong to */
  key: string;
  cards: Record<SlotId, Card>;
  running: SlotId | null;
  set(patch: Partial<Pick<ConvertStore, 'backend' | 'tolerance' | 'seed'>>): void;
  choose(slot: SlotId, choice: Choice): void;
  convert(slot: SlotId, force?: boolean): void;
  cancel(): void;
  /** Ask before downloading a conversion whose check failed. */
  setConfirming(slot: SlotId, confirming: boolean): void;
}

const SESSION = `s${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
let nextId = 1;
const other = (slot: SlotId): SlotId => (slot === 'left' ? 'right' : 'left');
const emptyCard = (): Card => ({ choice: null, job: { state: 'idle' }, confirming: false });

function slotsKey(): string {
  const { left, right } = useSlots.getState().slots;
  return `${left.status === 'loaded' ? left.openId : '-'}|${right.status === 'loaded' ? right.openId : '-'}`;
}

/** The Map layers view's mapping of these two documents, when the user changed it (edits, import). */
function userMappingJson(): string | undefined {
  const { left, right } = useSlots.getState().slots;
  if (left.status !== 'loaded' || right.status !== 'loaded') return undefined;
  const m = useMapping.getState();
  if (m.key !== `${left.openId}:${right.openId}` || !m.mapping || !m.past.length) return undefined;
  return mappingToText(m.mapping);
}

const freeOutput = (card: Card): void => { if (card.job.state === 'done') discardOutput(SESSION, card.job.id); };

export const useConvert = create<ConvertStore>()((set, get) => {
  const patchCard = (slot: SlotId, patch: Partial<Card>): void => set((s) => ({ cards: { ...s.cards, [slot]: { ...s.cards[slot], ...patch } } }));

  useSlots.subscribe(() => {
    const key = slotsKey();
    if (key === get().key) return;
    if (get().running) cancelConvert();
    for (const c of Object.values(get().cards)) freeOutput(c);
    set({ key, cards: { left: emptyCard(), right: emptyCard() }, running: null });
  });

  return {
    backend: 'wasm', tolerance: 1e-5, seed: 0, key: slotsKey(),
    cards: { left: emptyCard(), right: emptyCard() },
    running: null,

    set(patch) { set(patch); },

    choose(slot, choice) {
      const card = get().cards[slot];
      if (card.choice === choice || get().running === slot) return;
      freeOutput(card);
      patchCard(slot, { choice, job: { state: 'idle' }, confirming: false });
    },

    convert(slot, force = false) {
      const { choice } = get().cards[slot];
      const source = slotFile(slot);
      const otherFile = slotFile(other(slot));
      if (!choice || !source || get().running) return;
      if (choice === 'into' && !otherFile) return;
      freeOutput(get().cards[slot]);
      const id = nextId++;
      const key = get().key;
      const { backend, tolerance, seed } = get();
      const into = choice === 'into';
      set({ running: slot });
      patchCard(slot, { job: { state: 'busy', step: { stage: 'starting the converter' } }, confirming: false });
      const mine = (): boolean => get().key === key && get().running === slot;
      runConvert({
        session: SESSION, id, source: source, force, backend, tolerance, seed,
        ...(into ? { target: otherFile, mappingJson: userMappingJson() } : { format: choice, architecture: otherFile }),
      }, (step) => { if (mine()) patchCard(slot, { job: { state: 'busy', step } }); }).then(
        (reply) => {
          if (!mine()) { discardOutput(SESSION, id); return; }
          set({ running: null });
          patchCard(slot, { job: reply.kind === 'done' ? { state: 'done', id, reply } : { state: 'blocked', mapping: reply.mapping } });
        },
        (err: unknown) => {
          // A terminated worker may leave a partial output behind; it is freed from a fresh one.
          if (err instanceof ConvertCancelled) discardOutput(SESSION, id);
          if (!mine()) return;
          set({ running: null });
          patchCard(slot, { job: err instanceof ConvertCancelled ? { state: 'cancelled' } : { state: 'error', message: err instanceof Error ? err.message : String(err) } });
        },
      );
    },

    cancel() {
      // The job's promise rejects with ConvertCancelled, which settles the card.
      if (get().running) cancelConvert();
    },

    setConfirming(slot, confirming) { patchCard(slot, { confirming }); },
  };
});
