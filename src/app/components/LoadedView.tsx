import { useMemo } from 'react';
import type { LoadedSlot, SlotId } from '../store/types';
import { Summary } from './Summary';
import { LayerTree } from './LayerTree';
import { DetailsPanel } from './DetailsPanel';

/** A slot with a document: summary, layer tree and the details of the selected tensor or layer. */
export function LoadedView({ slot, state }: { slot: SlotId; state: LoadedSlot }) {
  const { doc } = state;
  const byName = useMemo(() => new Map(doc.tensors.map((t) => [t.name, t])), [doc]);
  return (
    <div className="loaded">
      <Summary doc={doc} />
      <div className="workbench">
        <LayerTree slot={slot} doc={doc} byName={byName} selection={state.selection} />
        <DetailsPanel state={state} byName={byName} />
      </div>
    </div>
  );
}
