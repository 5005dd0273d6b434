import type { Mapping } from '../../core/mapping/types';
import type { ModelDocView } from '../../core/model/types';
import { formatShape } from '../lib/format';
import { useMapping } from './mappingStore';
import { StatusPill } from './StatusPill';
import { Ticks } from './Ticks';

interface Props { side: 'a' | 'b'; path: string; mapping: Mapping; doc: ModelDocView }

/** A layer that is in no pair: why, its tensors, and a way to pair it. */
export function LayerDetails({ side, path, mapping, doc }: Props) {
  const openPicker = useMapping((s) => s.openPicker);
  const unmapped = (side === 'a' ? mapping.unmappedA : mapping.unmappedB).find((u) => u.path === path);
  const weightless = (side === 'a' ? mapping.weightlessA : mapping.weightlessB).find((w) => w.path === path);
  const shapes = new Map(doc.tensors.map((t) => [t.name, t.shape]));
  const S = side.toUpperCase(), other = side === 'a' ? 'B' : 'A';
  return (
    <div className="pair-details" data-testid="layer-details" data-side={side} data-path={path}>
      <h3 className="pair-title">
        <span className="slot-badge">{S}</span><code>{path || '(root)'}</code>
        <span className="muted">{unmapped?.kind ?? weightless?.kind ?? ''}</span>
        <span className="spacer" />
        <StatusPill status={unmapped ? 'unmapped' : 'weightless'} />
      </h3>
      {unmapped && (
        <>
          <p className="map-problem is-error" data-testid="unmapped-why"><span className="map-problem-tag">unmapped</span><span><Ticks text={unmapped.why} /></span></p>
          <p className="muted">Its weights have no place in {other}: converting would {side === 'a' ? 'leave them out' : 'leave them at their initial values'}.</p>
          <ul className="tensor-list">
            {unmapped.tensors.map((t) => <li key={t}><span className="mono">{t}</span><span className="mono muted">{formatShape(shapes.get(t) ?? [])}</span></li>)}
          </ul>
          <div className="map-actions">
            <button type="button" className="btn btn-sm btn-primary" onClick={() => openPicker(side, path)} data-testid="layer-pick">Pair with a layer of {other}…</button>
            <span className="muted">or drag it onto a layer of {other}</span>
          </div>
        </>
      )}
      {!unmapped && <p className="muted">This layer has no weights (activation, pooling, Flatten, input…): there is nothing to carry over, so it is never paired.</p>}
    </div>
  );
}
