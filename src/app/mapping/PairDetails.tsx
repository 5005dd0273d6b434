import { useMemo, useState } from 'react';
import { describeDropped } from '../../core/mapping/words';
import type { LayerPair } from '../../core/mapping/types';
import type { ModelDocView, TensorInfo } from '../../core/model/types';
import { useMapping } from './mappingStore';
import { StatusPill } from './StatusPill';
import { ProblemList } from './ProblemList';
import { TensorPairList } from './TensorPairList';
import { TensorCompare } from './TensorCompare';

const ORIGIN: Record<LayerPair['origin'], string> = { auto: 'matched automatically', manual: 'paired by hand', imported: 'from an imported mapping' };

interface Props { pair: LayerPair; docA: ModelDocView; docB: ModelDocView }

/** One layer pair: its tensor pairs and their transforms in words, its problems, and a value comparison. */
export function PairDetails({ pair, docA, docB }: Props) {
  const { openPicker, unpair } = useMapping.getState();
  const busy = useMapping((s) => s.busy);
  const [tensor, setTensor] = useState(0);
  const infos = useMemo(() => ({
    a: new Map<string, TensorInfo>(docA.tensors.map((t) => [t.name, t])),
    b: new Map<string, TensorInfo>(docB.tensors.map((t) => [t.name, t])),
  }), [docA, docB]);
  const chosen = pair.tensors[Math.min(tensor, pair.tensors.length - 1)];

  return (
    <div className="pair-details" data-testid="pair-details" data-pair={pair.id} data-status={pair.status}>
      <h3 className="pair-title">
        <span className="slot-badge">A</span><code data-testid="pair-a">{pair.a || '(root)'}</code><span className="muted">{pair.kindA}</span>
        <span className="map-arrow" aria-hidden="true">↔</span>
        <span className="slot-badge">B</span><code data-testid="pair-b">{pair.b || '(root)'}</code><span className="muted">{pair.kindB}</span>
        <span className="spacer" />
        <StatusPill status={pair.status} testId="pair-status" />
      </h3>
      <p className="pair-sub muted">
        rule <b data-testid="pair-rule">{pair.rule}</b> · {ORIGIN[pair.origin]} · {pair.tensors.length} tensor pair{pair.tensors.length === 1 ? '' : 's'}
      </p>
      <div className="map-actions">
        <button type="button" className="btn btn-sm" onClick={() => openPicker('a', pair.a)} data-testid="pair-repick-a">Pair A's layer with another…</button>
        <button type="button" className="btn btn-sm" onClick={() => openPicker('b', pair.b)} data-testid="pair-repick-b">Pair B's layer with another…</button>
        <button type="button" className="btn btn-sm btn-danger" onClick={() => unpair(pair.id)} disabled={busy} data-testid="pair-unpair">Unpair</button>
      </div>
      <ProblemList problems={pair.problems} />
      <h4 className="section-title">Tensors <span className="section-count">A → B</span></h4>
      <TensorPairList pair={pair} infos={infos} selected={tensor} onSelect={setTensor} />
      {pair.dropped.length > 0 && (
        <ul className="map-dropped" data-testid="pair-dropped">
          {pair.dropped.map((d) => <li key={`${d.side}:${d.tensor}`} className="muted">{describeDropped(d)}</li>)}
        </ul>
      )}
      {chosen && <TensorCompare key={`${pair.id}#${tensor}`} pair={chosen} infos={infos} />}
    </div>
  );
}
