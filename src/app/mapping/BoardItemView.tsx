import { memo, type DragEvent } from 'react';
import { formatShape } from '../lib/format';
import type { BoardItem } from './rows';
import { STATUS_LABEL } from './StatusPill';

export interface ItemHandlers {
  onClick(item: BoardItem): void;
  onDoubleClick(item: BoardItem): void;
  onDragStart(item: BoardItem, e: DragEvent): void;
  onDragOver(item: BoardItem, e: DragEvent): void;
  onDrop(item: BoardItem, e: DragEvent): void;
  onDragEnd(): void;
}

interface Props {
  item: BoardItem;
  y: number;
  h: number;
  selected: boolean;
  cursor: boolean;
  dropTarget: boolean;
  handlers: ItemHandlers;
}

/** One layer on the board: a card with a port on the side facing the other model. */
export const BoardItemView = memo(function BoardItemView({ item, y, h, selected, cursor, dropTarget, handlers }: Props) {
  const mappable = item.status !== 'weightless' && item.status !== 'missing';
  const cls = [
    'map-item', `side-${item.side}`, `is-${item.status}`,
    selected ? 'is-selected' : '', cursor ? 'is-cursor' : '', dropTarget ? 'is-drop-target' : '',
  ].filter(Boolean).join(' ');
  const title = item.status === 'unmapped' ? `unmapped: ${item.why ?? ''}` : item.status === 'weightless' ? 'no weights: never paired' : STATUS_LABEL[item.status];
  return (
    <div
      className={cls}
      style={{ top: y, height: h }}
      data-testid="map-item"
      data-side={item.side}
      data-path={item.path}
      data-kind={item.kind}
      data-status={item.status}
      data-pair={item.pairId ?? ''}
      aria-selected={selected}
      role="option"
      title={`${item.path || '(root)'} · ${item.kind || 'unknown kind'} — ${title}`}
      draggable={mappable}
      onClick={() => handlers.onClick(item)}
      onDoubleClick={() => handlers.onDoubleClick(item)}
      onDragStart={mappable ? (e) => handlers.onDragStart(item, e) : undefined}
      onDragOver={mappable ? (e) => handlers.onDragOver(item, e) : undefined}
      onDrop={mappable ? (e) => handlers.onDrop(item, e) : undefined}
      onDragEnd={handlers.onDragEnd}
    >
      <div className="map-card">
        <span className="map-item-name mono">{item.path || '(root)'}</span>
        <span className="map-item-kind">{item.kind || '?'}</span>
        {item.shape && <span className="map-item-shape mono">{formatShape(item.shape)}</span>}
      </div>
      {mappable && <span className="map-port" aria-hidden="true" />}
    </div>
  );
});
