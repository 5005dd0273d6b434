import { useSlots } from '../store/slotsStore';
import type { OpeningSlot, SlotId } from '../store/types';

/** While a file is being read: what is happening, how far, and a Cancel button. */
export function OpeningView({ slot, state }: { slot: SlotId; state: OpeningSlot }) {
  const cancel = useSlots((s) => s.cancel);
  const pct = Math.round(Math.min(1, Math.max(0, state.fraction)) * 100);
  return (
    <div className="opening" role="status" aria-live="polite">
      <div className="spinner" aria-hidden="true" />
      <p className="opening-file">Opening <strong>{state.fileName}</strong></p>
      <div className="progress" aria-hidden="true"><div className="progress-bar" style={{ width: `${pct}%` }} /></div>
      <p className="opening-what mono" data-testid="progress">{state.what}{state.fraction > 0 ? ` — ${pct}%` : '…'}</p>
      <button type="button" className="btn" data-testid="cancel" onClick={() => cancel(slot)}>Cancel</button>
    </div>
  );
}
