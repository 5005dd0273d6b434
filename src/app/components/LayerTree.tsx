import { useCallback, useEffect, useMemo, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ModelDocView, TensorInfo } from '../../core/model/types';
import { useSlots } from '../store/slotsStore';
import type { Selection, SlotId } from '../store/types';
import { defaultExpanded, flattenTree, layerId, tensorId, type Row } from '../lib/treeRows';
import { formatInt } from '../lib/format';
import { ancestorsOf } from '../lib/findLayer';
import { TreeRow, ROW_HEIGHT } from './TreeRow';
import { nextIndexForKey } from './treeKeys';

interface Props {
  slot: SlotId;
  doc: ModelDocView;
  byName: ReadonlyMap<string, TensorInfo>;
  selection: Selection;
}

const selectionId = (s: Selection): string | null =>
  s === null ? null : s.kind === 'tensor' ? tensorId(s.name) : layerId(s.path);

/** The layer hierarchy: filterable, keyboard-navigable (roving focus), virtualised. */
export function LayerTree({ slot, doc, byName, selection }: Props) {
  const select = useSlots((s) => s.select);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => defaultExpanded(doc.root));
  const [filter, setFilter] = useState('');
  const [filterCollapsed, setFilterCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [focusId, setFocusId] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<string | null>(null);

  // A layer selected from outside the tree (an input link of the layer panel) gets its ancestors opened.
  const [revealed, setRevealed] = useState<Selection>(selection);
  if (revealed !== selection) {
    setRevealed(selection);
    const chain = selection?.kind === 'layer' ? ancestorsOf(doc.root, selection.path) : null;
    const closed = (chain ?? []).map((n) => layerId(n.path)).filter((id) => !expanded.has(id));
    if (closed.length) setExpanded(new Set([...expanded, ...closed]));
  }

  const rows = useMemo(
    () => flattenTree(doc.root, byName, { expanded, filter, filterCollapsed }),
    [doc.root, byName, expanded, filter, filterCollapsed],
  );
  const indexById = useMemo(() => new Map(rows.map((r, i) => [r.id, i])), [rows]);
  const selectedId = selectionId(selection);
  const tabbableId = focusId !== null && indexById.has(focusId) ? focusId : rows[0]?.id ?? null;

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's own API, used as documented
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (i) => rows[i].id,
  });

  // …and is scrolled into view once per selection.
  const scrolledFor = useRef<string | null>(null);
  useEffect(() => {
    if (!selectedId || scrolledFor.current === selectedId) return;
    const i = indexById.get(selectedId);
    if (i === undefined) return;
    scrolledFor.current = selectedId;
    virtualizer.scrollToIndex(i, { align: 'auto' });
  }, [selectedId, indexById, virtualizer]);

  const toggle = useCallback((id: string) => {
    if (filter.trim()) {
      setFilterCollapsed((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
    } else {
      setExpanded((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
    }
  }, [filter]);

  const activate = useCallback((row: Row) => {
    setFocusId(row.id);
    if (row.type === 'tensor') select(slot, { kind: 'tensor', name: row.tensor.name });
    else {
      select(slot, { kind: 'layer', path: row.node.path });
      if (row.expandable && !row.expanded) toggle(row.id);
    }
  }, [select, slot, toggle]);

  const moveFocus = useCallback((i: number) => {
    const row = rows[i];
    if (!row) return;
    setFocusId(row.id);
    pendingFocus.current = row.id;
    virtualizer.scrollToIndex(i, { align: 'auto' });
  }, [rows, virtualizer]);

  // Move DOM focus to the row that keyboard navigation chose, once the virtualiser rendered it.
  useEffect(() => {
    const id = pendingFocus.current;
    if (!id) return;
    let tries = 0, raf = 0;
    const attempt = (): void => {
      const el = scrollRef.current?.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`);
      if (el) { el.focus({ preventScroll: true }); pendingFocus.current = null; return; }
      if (++tries < 20) raf = requestAnimationFrame(attempt);
    };
    attempt();
    return () => cancelAnimationFrame(raf);
  });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (!rows.length) return;
    const i = tabbableId !== null ? indexById.get(tabbableId) ?? 0 : 0;
    const row = rows[i];
    const action = nextIndexForKey(e.key, rows, i, indexById);
    if (!action) return;
    e.preventDefault();
    if (action.type === 'move') moveFocus(action.index);
    else if (action.type === 'toggle') toggle(row.id);
    else if (action.type === 'activate') activate(row);
  };

  const onFilter = (e: ChangeEvent<HTMLInputElement>): void => {
    setFilter(e.target.value);
    setFilterCollapsed(new Set());
    scrollRef.current?.scrollTo({ top: 0 });
  };

  const expandAll = (): void => {
    const all = new Set<string>();
    const visit = (n: typeof doc.root): void => { all.add(layerId(n.path)); n.children.forEach(visit); };
    visit(doc.root);
    setExpanded(all);
    setFilterCollapsed(new Set());
  };
  const collapseAll = (): void => {
    setExpanded(new Set([layerId(doc.root.path)]));
    if (filter.trim()) setFilterCollapsed(new Set(rows.filter((r) => r.type === 'layer' && r.depth > 0).map((r) => r.id)));
  };

  return (
    <section className="tree-section" aria-label="Layers">
      <div className="tree-toolbar">
        <input
          type="search" className="filter" placeholder="Filter layers, kinds, tensors…" value={filter}
          onChange={onFilter} onKeyDown={(e) => { if (e.key === 'ArrowDown' && rows.length) { e.preventDefault(); moveFocus(0); } }}
          data-testid="tree-filter" aria-label="Filter layers and tensors" spellCheck={false}
        />
        <span className="muted mono tree-count" data-testid="tree-count">{formatInt(rows.length)} rows</span>
        <button type="button" className="btn btn-ghost btn-sm" onClick={expandAll} data-testid="expand-all" title="Expand all">Expand all</button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={collapseAll} data-testid="collapse-all" title="Collapse all">Collapse</button>
      </div>
      <div className="tree-head" aria-hidden="true">
        <span>Layer / tensor</span><span>Kind · shape</span><span className="num">Params</span><span className="num">Bytes</span>
      </div>
      <div ref={scrollRef} className="tree-scroll" data-testid="tree">
        {rows.length === 0 ? (
          <p className="muted tree-empty" data-testid="tree-empty">{filter ? `Nothing matches “${filter}”.` : 'This file holds no layers.'}</p>
        ) : (
          <div role="tree" aria-label={`Layers of ${doc.fileName}`} className="tree" onKeyDown={onKeyDown}
            style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((v) => {
              const row = rows[v.index];
              return (
                <TreeRow key={v.key} row={row} top={v.start} selected={row.id === selectedId} tabbable={row.id === tabbableId}
                  isRoot={row.type === 'layer' && row.node === doc.root} onActivate={activate} onToggle={toggle} />
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}
