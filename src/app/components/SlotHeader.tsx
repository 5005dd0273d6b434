import { useSlots } from '../store/slotsStore';
import type { SlotId, SlotState } from '../store/types';
import { formatBytes } from '../lib/format';

/** The bar on top of a slot: which slot, which file, and replace/close controls. */
export function SlotHeader({ slot, state, onPick }: { slot: SlotId; state: SlotState; onPick: () => void }) {
  const close = useSlots((s) => s.close);
  const title = state.status === 'loaded' ? state.doc.fileName : state.status === 'empty' ? 'No model' : state.fileName;
  const size = state.status === 'loaded' ? state.doc.fileSize : state.status === 'opening' ? state.fileSize : null;
  return (
    <div className="slot-header">
      <span className="slot-badge" title={`${slot} slot`}>{slot === 'left' ? 'A' : 'B'}</span>
      <span className="slot-title" data-testid="slot-title" title={title}>{title}</span>
      {size != null && <span className="slot-size mono">{formatBytes(size)}</span>}
      <span className="spacer" />
      {state.status === 'loaded' && (
        <>
          <button type="button" className="btn btn-ghost" data-testid="replace" onClick={onPick}>Replace…</button>
          <button type="button" className="btn btn-ghost" data-testid="close" onClick={() => close(slot)}
            aria-label={`Close the ${slot} slot`}>Close</button>
        </>
      )}
    </div>
  );
}
