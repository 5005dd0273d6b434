import { useSlots } from '../store/slotsStore';
import type { ErrorSlot, SlotId } from '../store/types';

const TITLES: Record<ErrorSlot['failure'], string> = {
  read: 'This file could not be read',
  crash: 'The reader crashed on this file',
  timeout: 'Reading this file took too long',
  cancelled: 'Cancelled',
};

/** A file that could not be opened: the message names the file and the problem. */
export function ErrorView({ slot, state, onPick }: { slot: SlotId; state: ErrorSlot; onPick: () => void }) {
  const close = useSlots((s) => s.close);
  return (
    <div className="error-view">
      <div className="error-box" role="alert" data-testid="error" data-failure={state.failure}>
        <svg className="error-icon" viewBox="0 0 24 24" aria-hidden="true">
          <circle cx="12" cy="12" r="9.5" /><path d="M12 7.5v5.5m0 3.2v.3" />
        </svg>
        <div>
          <p className="error-title">{TITLES[state.failure]}</p>
          <p className="error-message mono" data-testid="error-message">{state.message}</p>
        </div>
      </div>
      <div className="error-actions">
        <button type="button" className="btn btn-primary" onClick={onPick}>Choose another file…</button>
        <button type="button" className="btn" data-testid="error-dismiss" onClick={() => close(slot)}>Dismiss</button>
      </div>
    </div>
  );
}
