import { describeSteps } from '../../core/mapping/words';
import type { LayerPair } from '../../core/mapping/types';
import type { TensorInfo } from '../../core/model/types';
import { formatShape } from '../lib/format';

interface Props {
  pair: LayerPair;
  infos: { a: Map<string, TensorInfo>; b: Map<string, TensorInfo> };
  selected: number;
  onSelect(i: number): void;
}

/** Long HDF5 paths wrap after their separators rather than mid-word. */
function breakable(name: string) {
  const parts = name.split(/(?<=[/.])/);
  return parts.map((p, i) => <span key={i}>{p}{i < parts.length - 1 && <wbr />}</span>);
}

function Side({ names, shapes, infos }: { names: string[]; shapes: number[][]; infos: Map<string, TensorInfo> }) {
  return (
    <div className="tp-side">
      {names.map((n, i) => {
        const layout = infos.get(n)?.layout;
        return (
          <div key={n} className="tp-tensor" title={n}>
            <span className="mono tp-name">{breakable(n)}</span>
            <span className="mono tp-shape">{shapes[i]?.length || infos.has(n) ? formatShape(shapes[i] ?? []) : 'missing'}</span>
            {layout && <span className="tag">{layout}</span>}
          </div>
        );
      })}
    </div>
  );
}

/** Each tensor pair: A's tensors and shapes → B's, and the transform in words. Selecting one compares its values below. */
export function TensorPairList({ pair, infos, selected, onSelect }: Props) {
  return (
    <ol className="tp-list" data-testid="tensor-pairs">
      {pair.tensors.map((t, i) => (
        <li
          key={`${t.a.join('+')}>${t.b.join('+')}`}
          className={`tp${i === selected ? ' is-selected' : ''}`}
          data-testid="tensor-pair"
          data-a={t.a.join(',')}
          data-b={t.b.join(',')}
          tabIndex={0}
          aria-current={i === selected}
          title="Compare the values of this tensor pair below"
          onClick={() => onSelect(i)}
          onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSelect(i); } }}
        >
          <Side names={t.a} shapes={t.shapesA} infos={infos.a} />
          <span className="tp-arrow" aria-hidden="true">→</span>
          <Side names={t.b} shapes={t.shapesB} infos={infos.b} />
          <div className="tp-steps" data-testid="tensor-steps">{describeSteps(t.steps, { inputs: t.a, outputs: t.b })}</div>
        </li>
      ))}
      {pair.tensors.length === 0 && <li className="muted">No tensor pairs: no rule relates these layers.</li>}
    </ol>
  );
}
