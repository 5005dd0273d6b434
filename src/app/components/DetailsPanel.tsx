import type { TensorInfo } from '../../core/model/types';
import { useSlots } from '../store/slotsStore';
import type { LoadedSlot, SlotId } from '../store/types';
import { TensorPanel } from './TensorPanel';
import { LayerPanel } from './LayerPanel';
import { findLayer } from '../lib/findLayer';

/** The bottom panel of a slot: the selected tensor or layer, or a hint. */
export function DetailsPanel({ slot, state, byName }: { slot: SlotId; state: LoadedSlot; byName: ReadonlyMap<string, TensorInfo> }) {
  const select = useSlots((s) => s.select);
  const sel = state.selection;
  let body;
  if (sel?.kind === 'tensor' && byName.has(sel.name)) {
    body = <TensorPanel slot={slot} fileName={state.doc.fileName} info={byName.get(sel.name)!} stats={state.stats[sel.name]} preview={state.previews[sel.name]} />;
  } else if (sel?.kind === 'layer') {
    const node = findLayer(state.doc.root, sel.path);
    body = node ? (
      <LayerPanel node={node} root={state.doc.root} byName={byName} onSelectLayer={(path) => select(slot, { kind: 'layer', path })} />
    ) : null;
  }
  return (
    <section className="details" data-testid="details" aria-label="Details">
      {body ?? <p className="muted details-hint">Select a tensor to see its shape, storage and statistics, or a layer to see its configuration.</p>}
    </section>
  );
}
