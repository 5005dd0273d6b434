import type { Mapping } from '../../core/mapping/types';
import type { ModelDocView } from '../../core/model/types';
import { useMapping } from './mappingStore';
import { PairDetails } from './PairDetails';
import { LayerDetails } from './LayerDetails';
import { MapOverview } from './MapOverview';

interface Props { mapping: Mapping; docA: ModelDocView; docB: ModelDocView }

/** The right-hand panel: the selected pair or layer, or what needs a look when nothing is selected. */
export function MapDetails({ mapping, docA, docB }: Props) {
  const selection = useMapping((s) => s.selection);
  const pair = selection?.kind === 'pair' ? mapping.pairs.find((p) => p.id === selection.id) : undefined;
  return (
    <aside className="map-details" data-testid="map-details">
      {pair && <PairDetails key={pair.id} pair={pair} docA={docA} docB={docB} />}
      {!pair && selection?.kind === 'layer' && <LayerDetails key={`${selection.side}:${selection.path}`} side={selection.side} path={selection.path} mapping={mapping} doc={selection.side === 'a' ? docA : docB} />}
      {!pair && selection?.kind !== 'layer' && <MapOverview mapping={mapping} />}
    </aside>
  );
}
