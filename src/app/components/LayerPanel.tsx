import type { LayerNode, TensorInfo } from '../../core/model/types';
import { formatBytes, formatInt, formatShape } from '../lib/format';
import { Fact } from './Fact';
import { KeyValue } from './MetadataList';

const KIND_SOURCE: Record<LayerNode['kindFrom'], string> = {
  class: 'from the pickled class',
  config: 'from the model config',
  inferred: 'inferred from tensor names',
  none: 'unknown',
};

/** A layer's identity, totals, inputs (Functional graphs) and hyper-parameters. */
export function LayerPanel({ node, byName, isRoot }: { node: LayerNode; byName: ReadonlyMap<string, TensorInfo>; isRoot: boolean }) {
  const config = Object.entries(node.config ?? {});
  return (
    <div className="layer-panel" data-testid="layer-panel">
      <h3 className="details-title">
        <span className="mono" data-testid="layer-path">{isRoot ? 'model' : node.path}</span>
        {node.kind && <span className={`pill${node.kindFrom === 'inferred' ? ' is-inferred' : ''}`} data-testid="layer-kind">{node.kind}</span>}
        <span className="muted details-sub">{KIND_SOURCE[node.kindFrom]}</span>
      </h3>
      <dl className="grid-facts">
        {node.className && <Fact label="Class" wide><span className="mono" data-testid="layer-class">{node.className}</span></Fact>}
        <Fact label="Parameters"><span className="mono" data-testid="layer-params">{formatInt(node.params)}</span></Fact>
        <Fact label="Bytes"><span className="mono">{formatBytes(node.bytes)}</span></Fact>
        <Fact label="Children"><span className="mono">{node.children.length}</span></Fact>
        {node.inputs && node.inputs.length > 0 && (
          <Fact label="Inputs" wide><span className="mono" data-testid="layer-inputs">{node.inputs.join(', ')}</span></Fact>
        )}
      </dl>
      {node.tensors.length > 0 && (
        <>
          <p className="section-title">Own tensors</p>
          <ul className="tensor-list mono">
            {node.tensors.map((n) => {
              const t = byName.get(n);
              return <li key={n}><span>{n}</span><span className="muted">{t ? `${formatShape(t.shape)} ${t.dtype}` : ''}</span></li>;
            })}
          </ul>
        </>
      )}
      <p className="section-title">Configuration</p>
      {config.length === 0
        ? <p className="muted" data-testid="layer-config-empty">No hyper-parameters stored for this layer.</p>
        : <dl className="kv" data-testid="layer-config">{config.map(([k, v]) => <KeyValue key={k} name={k} value={v} />)}</dl>}
    </div>
  );
}
