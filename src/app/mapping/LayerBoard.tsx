import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Mapping } from '../../core/mapping/types';
import type { ModelDocView } from '../../core/model/types';
import { useMapping, type MapSelection } from './mappingStore';
import { buildBoard, type BoardItem, type Side } from './rows';
import { BoardItemView, type ItemHandlers } from './BoardItemView';
import { BoardLinks } from './BoardLinks';
import { PartnerPicker } from './PartnerPicker';

const GUTTER = 112;
const columns = `minmax(0, 1fr) ${GUTTER}px minmax(0, 1fr)`;
const OVERSCAN = 600;
const mappable = (it: BoardItem): boolean => it.status !== 'weightless' && it.status !== 'missing';
const keyOf = (it: BoardItem): string => `${it.side}:${it.path}`;

function selectionOf(it: BoardItem): MapSelection {
  return it.pairId ? { kind: 'pair', id: it.pairId } : { kind: 'layer', side: it.side, path: it.path };
}

interface Props { mapping: Mapping; docA: ModelDocView; docB: ModelDocView }

/**
 * The two layer lists with links between pairs. Rows are positioned absolutely and only those
 * near the visible band are rendered, so models with hundreds of layers stay fluid. Pairing by
 * hand: drag a layer onto one of the other model, or select one and press Enter to pick from a list.
 */
export function LayerBoard({ mapping, docA, docB }: Props) {
  const showWeightless = useMapping((s) => s.showWeightless);
  const selection = useMapping((s) => s.selection);
  const picker = useMapping((s) => s.picker);
  const { select, pair, unpair, openPicker, closePicker } = useMapping.getState();
  const board = useMemo(() => buildBoard(docA, docB, mapping, showWeightless), [docA, docB, mapping, showWeightless]);
  const scroller = useRef<HTMLDivElement>(null);
  const [band, setBand] = useState({ top: 0, height: 800 });
  const [side, setSide] = useState<Side>('a');
  const dragFrom = useRef<BoardItem | null>(null);
  const [drag, setDrag] = useState<{ side: Side; over: string | null } | null>(null);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = (): void => setBand({ top: el.scrollTop, height: el.clientHeight });
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    el.addEventListener('scroll', measure, { passive: true });
    return () => { ro.disconnect(); el.removeEventListener('scroll', measure); };
  }, []);

  const selectedPair = selection?.kind === 'pair' ? selection.id : null;
  const isSelected = (it: BoardItem): boolean =>
    selection?.kind === 'pair' ? it.pairId === selection.id : selection?.kind === 'layer' && selection.side === it.side && selection.path === it.path;
  const cursorItem = useMemo(() => {
    const list = side === 'a' ? board.itemsA : board.itemsB;
    if (selection?.kind === 'pair') return list.find((it) => it.pairId === selection.id) ?? null;
    if (selection?.kind === 'layer') return (selection.side === 'a' ? board.itemsA : board.itemsB).find((it) => it.path === selection.path) ?? null;
    return null;
  }, [board, selection, side]);

  const reveal = useCallback((it: BoardItem) => {
    const el = scroller.current, row = board.rows.find((r) => r.a === it || r.b === it);
    if (!el || !row) return;
    const head = 30;
    if (row.y < el.scrollTop) el.scrollTop = row.y;
    else if (row.y + row.h > el.scrollTop + el.clientHeight - head) el.scrollTop = row.y + row.h - el.clientHeight + head;
  }, [board]);

  const handlers: ItemHandlers = useMemo(() => ({
    onClick(it) { setSide(it.side); select(selectionOf(it)); },
    onDoubleClick(it) { if (mappable(it)) { setSide(it.side); select(selectionOf(it)); openPicker(it.side, it.path); } },
    onDragStart(it, e) {
      dragFrom.current = it;
      e.dataTransfer.setData('text/plain', `${it.side === 'a' ? 'A' : 'B'} layer ${it.path}`);
      e.dataTransfer.effectAllowed = 'link';
      setDrag({ side: it.side, over: null });
    },
    onDragOver(it, e) {
      const from = dragFrom.current;
      if (!from || from.side === it.side) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'link';
      setDrag((d) => (d && d.over === keyOf(it) ? d : { side: from.side, over: keyOf(it) }));
    },
    onDrop(it, e) {
      const from = dragFrom.current;
      dragFrom.current = null;
      setDrag(null);
      if (!from || from.side === it.side) return;
      e.preventDefault();
      const [a, b] = from.side === 'a' ? [from, it] : [it, from];
      setSide(it.side);
      pair(a.path, b.path);
    },
    onDragEnd() { dragFrom.current = null; setDrag(null); },
  }), [select, pair, openPicker]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (picker || e.target !== e.currentTarget) return;
    const list = (side === 'a' ? board.itemsA : board.itemsB).filter(mappable);
    const go = (it: BoardItem | undefined, s: Side = side): void => {
      if (!it) return;
      e.preventDefault();
      setSide(s);
      select(selectionOf(it));
      reveal(it);
    };
    const i = cursorItem ? list.indexOf(cursorItem) : -1;
    if (e.key === 'ArrowDown') go(list[Math.min(list.length - 1, i + 1)]);
    else if (e.key === 'ArrowUp') go(list[Math.max(0, i - 1)] ?? list[0]);
    else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const to: Side = e.key === 'ArrowRight' ? 'b' : 'a';
      const other = (to === 'a' ? board.itemsA : board.itemsB).filter(mappable);
      go((cursorItem?.pairId && other.find((it) => it.pairId === cursorItem.pairId)) || other[0], to);
    } else if (e.key === 'Enter' && cursorItem && mappable(cursorItem)) {
      e.preventDefault();
      openPicker(cursorItem.side, cursorItem.path);
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && cursorItem?.pairId) {
      e.preventDefault();
      unpair(cursorItem.pairId);
    } else if (e.key === 'Escape') select(null);
  };

  const top = band.top - OVERSCAN, bottom = band.top + band.height + OVERSCAN;
  const visible = board.rows.filter((r) => r.y + r.h >= top && r.y <= bottom);
  const itemView = (it: BoardItem | undefined, y: number, h: number) => it && (
    <BoardItemView
      key={keyOf(it)} item={it} y={y} h={h} handlers={handlers}
      selected={!!isSelected(it)} cursor={cursorItem === it}
      dropTarget={!!drag && drag.over === keyOf(it)}
    />
  );
  const nA = board.itemsA.filter(mappable).length, nB = board.itemsB.filter(mappable).length;

  return (
    <div className="map-board-wrap">
      <div
        ref={scroller}
        className={`map-board${drag ? ` is-dragging from-${drag.side}` : ''}`}
        tabIndex={0}
        role="listbox"
        aria-label="Layers of A and B; arrows move, Enter picks a partner, Delete unpairs"
        data-testid="map-board"
        onKeyDown={onKeyDown}
      >
        <div className="map-board-head" style={{ gridTemplateColumns: columns }}>
          <div className="map-col-title side-a" title={docA.fileName}><span className="slot-badge">A</span><span className="map-file">{docA.fileName}</span><span className="muted">{nA} with weights</span></div>
          <div />
          <div className="map-col-title side-b" title={docB.fileName}><span className="slot-badge">B</span><span className="map-file">{docB.fileName}</span><span className="muted">{nB} with weights</span></div>
        </div>
        <div className="map-grid" style={{ height: board.height, gridTemplateColumns: columns }}>
          <div className="map-col side-a" data-testid="map-col-a">{visible.map((r) => itemView(r.a, r.y, r.h))}</div>
          <BoardLinks links={board.links} width={GUTTER} height={board.height} top={top} bottom={bottom} selectedId={selectedPair} onSelect={(id) => select({ kind: 'pair', id })} />
          <div className="map-col side-b" data-testid="map-col-b">{visible.map((r) => itemView(r.b, r.y, r.h))}</div>
        </div>
        {board.rows.length === 0 && <p className="muted map-none">Neither model has layers with weights.</p>}
      </div>
      {picker && (
        <PartnerPicker
          from={picker}
          mapping={mapping}
          candidates={(picker.side === 'a' ? board.itemsB : board.itemsA).filter(mappable)}
          onChoose={(path) => {
            closePicker();
            const [a, b] = picker.side === 'a' ? [picker.path, path] : [path, picker.path];
            pair(a, b);
            scroller.current?.focus();
          }}
          onClose={() => { closePicker(); scroller.current?.focus(); }}
        />
      )}
    </div>
  );
}
