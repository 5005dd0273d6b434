import type { LayerNode, TensorInfo } from '../../core/model/types';
import { formatBytes, formatInt, formatShape } from '../lib/format';
import { keyParams, layerSummary } from '../lib/layerSummary';
import { consumersOf, resolveInput } from '../lib/findLayer';
import { Fact } from './Fact';
import { KeyValue } from './MetadataList';

const KIND_SOURCE: Record<LayerNode['kindFrom'], string> = {
  class: 'from the pickled class',
  config: 'from the model config',
  inferred: 'inferred from tensor names',
  none: 'unknown',
};

interface Props {
  node: LayerNode;
  root: LayerNode;
  byName: ReadonlyMap<string, TensorInfo>;
  onSelectLayer(path: string): void;
}

/** A config value as a data attribute the tests can compare with the core's own (bigint-safe JSON). */
function jsonAttr(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Buttons that jump to other layers of the graph (a Functional model's inputs and consumers). */
function LayerLinks({ testId, names, resolve, onSelect }: {
  testId: string; names: string[]; resolve(name: string): LayerNode | null; onSelect(path: string): void;
}) {
  return (
    <span className="layer-links" data-testid={`layer-${testId}s`}>
      {names.map((name, i) => {
        const target = resolve(name);
        return target
          ? <button key={`${name}#${i}`} type="button" className="layer-link mono" data-testid={`layer-${testId}`} data-name={name}
              data-path={target.path} title={`${target.kind || 'layer'} ${target.path} — show it`} onClick={() => onSelect(target.path)}>{name}</button>
          : <span key={`${name}#${i}`} className="layer-link is-missing mono" data-testid={`layer-${testId}`} data-name={name}
              title="not a layer of this document">{name}</span>;
      })}
    </span>
  );
}

/** A layer's identity, key hyper-parameters, graph neighbours (Functional models), tensors and full config. */
export function LayerPanel({ node, root, byName, onSelectLayer }: Props) {
  const isRoot = node === root;
  const config = Object.entries(node.config ?? {});
  const keys = keyParams(node.config);
  const summary = isRoot ? '' : layerSummary(node.kind, node.config);
  const consumers = isRoot ? [] : consumersOf(root, node);
  const hasInputs = !!node.inputs && node.inputs.length > 0;
  return (
    <div className="layer-panel" data-testid="layer-panel" data-path={node.path}>
      <h3 className="details-title">
        <span className="mono" data-testid="layer-path">{isRoot ? 'model' : node.path}</span>
        {node.kind && <span className={`pill${node.kindFrom === 'inferred' ? ' is-inferred' : ''}`} data-testid="layer-kind">{node.kind}</span>}
        <span className="muted details-sub">{KIND_SOURCE[node.kindFrom]}</span>
      </h3>
      {summary && <p className="layer-summary mono" data-testid="layer-summary">{summary}</p>}
      {(hasInputs || consumers.length > 0) && (
        <dl className="grid-facts">
          {hasInputs && (
            <Fact label="Inputs" wide>
              <LayerLinks testId="input" names={node.inputs!} resolve={(n) => resolveInput(root, node, n)} onSelect={onSelectLayer} />
            </Fact>
          )}
          {consumers.length > 0 && (
            <Fact label="Feeds" wide>
              <LayerLinks testId="consumer" names={consumers.map((c) => c.name)}
                resolve={(n) => consumers.find((c) => c.name === n) ?? null} onSelect={onSelectLayer} />
            </Fact>
          )}
        </dl>
      )}
      {keys.length > 0 && (
        <>
          <p className="section-title">Hyper-parameters</p>
          <dl className="hparams" data-testid="layer-hparams">
            {keys.map((k) => (
              <div key={k.key} className="hparam" data-testid="hparam" data-key={k.key} data-value={jsonAttr(k.value)}>
                <dt className="mono">{k.key}</dt>
                <dd className="mono" title={k.text}>{k.text}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      <dl className="grid-facts">
        {node.className && <Fact label="Class" wide><span className="mono" data-testid="layer-class">{node.className}</span></Fact>}
        <Fact label="Parameters"><span className="mono" data-testid="layer-params">{formatInt(node.params)}</span></Fact>
        <Fact label="Bytes"><span className="mono">{formatBytes(node.bytes)}</span></Fact>
        <Fact label="Children"><span className="mono">{node.children.length}</span></Fact>
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
      <p className="section-title">Configuration{config.length > 0 && <span className="section-count"> · {config.length} keys</span>}</p>
      {config.length === 0
        ? <p className="muted" data-testid="layer-config-empty">No hyper-parameters stored for this layer.</p>
        : <dl className="kv" data-testid="layer-config">{config.map(([k, v]) => <KeyValue key={k} name={k} value={v} />)}</dl>}
    </div>
  );
}
