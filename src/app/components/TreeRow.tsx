import { memo, type MouseEvent } from 'react';
import type { Row } from '../lib/treeRows';
import { formatBytes, formatCount, formatInt, formatShape } from '../lib/format';
import { layerSummary } from '../lib/layerSummary';

export const ROW_HEIGHT = 24;
const INDENT = 14;

interface Props {
  row: Row;
  top: number;
  selected: boolean;
  tabbable: boolean;
  isRoot: boolean;
  onActivate(row: Row): void;
  onToggle(id: string): void;
}

/** One row of the layer tree: a layer (name, kind, params, bytes) or a tensor (shape × dtype). */
export const TreeRow = memo(function TreeRow({ row, top, selected, tabbable, isRoot, onActivate, onToggle }: Props) {
  const isLayer = row.type === 'layer';
  const onTwisty = (e: MouseEvent): void => { e.stopPropagation(); onToggle(row.id); };
  const common = {
    role: 'treeitem',
    'data-testid': 'tree-row',
    'data-id': row.id,
    'data-row-type': row.type,
    'aria-level': row.depth + 1,
    'aria-selected': selected,
    tabIndex: tabbable ? 0 : -1,
    className: `tree-row ${isLayer ? 'is-layer' : 'is-tensor'}${selected ? ' is-selected' : ''}`,
    style: { transform: `translateY(${top}px)`, height: ROW_HEIGHT },
    onClick: () => onActivate(row),
  } as const;
  const pad = <span className="indent" style={{ width: row.depth * INDENT }} />;

  if (row.type === 'layer') {
    const n = row.node;
    const inferred = n.kindFrom === 'inferred';
    const summary = isRoot ? '' : layerSummary(n.kind, n.config);
    return (
      <div {...common} aria-expanded={row.expandable ? row.expanded : undefined}
        data-path={n.path} data-kind={n.kind} data-kind-from={n.kindFrom} data-tensors={n.tensors.length} data-params={n.params}>
        <span className="cell-name">
          {pad}
          <span className={`twisty${row.expandable ? '' : ' is-leaf'}${row.expanded ? ' is-open' : ''}`} onClick={row.expandable ? onTwisty : undefined} aria-hidden="true" />
          <span className={`row-name${!isRoot && !n.name ? ' is-unnamed' : ''}`} data-testid="row-name" title={n.path || undefined}>
            {isRoot ? 'model' : n.name || '(unnamed)'}
          </span>
          {summary && <span className="row-summary mono" data-testid="row-summary" title={summary}>{summary}</span>}
        </span>
        <span className={`cell-kind${inferred ? ' is-inferred' : ''}`} data-testid="row-kind"
          title={inferred ? 'inferred from tensor names' : n.className ?? (n.kindFrom === 'config' ? 'from the model config' : undefined)}>
          {n.kind || ''}
        </span>
        <span className="cell-num mono" title={`${formatInt(n.params)} parameters`}>{n.params ? formatCount(n.params) : ''}</span>
        <span className="cell-num mono">{n.bytes ? formatBytes(n.bytes) : ''}</span>
      </div>
    );
  }

  const t = row.tensor;
  return (
    <div {...common} data-name={t.name} data-shape={formatShape(t.shape)} data-dtype={t.dtype}>
      <span className="cell-name">
        {pad}
        <span className="twisty is-leaf" aria-hidden="true" />
        <span className="tensor-dot" aria-hidden="true" />
        <span className="row-name mono" title={t.name}>{row.label}</span>
        {t.tiedTo && <span className="tag" title={`shares its bytes with ${t.tiedTo}`}>tied</span>}
        {t.group !== 'model' && <span className="tag">{t.group}</span>}
      </span>
      <span className="cell-kind mono" data-testid="row-shape">
        {formatShape(t.shape)} <span className="dtype">{t.dtype}</span>
      </span>
      <span className="cell-num mono" title={`${formatInt(t.numel)} elements`}>{formatCount(t.numel)}</span>
      <span className="cell-num mono">{formatBytes(t.byteLength)}</span>
    </div>
  );
});
