import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Mapping } from '../../core/mapping/types';
import { formatShape } from '../lib/format';
import type { BoardItem, Side } from './rows';
import { StatusPill } from './StatusPill';

interface Props {
  from: { side: Side; path: string };
  mapping: Mapping;
  /** the other model's layers with weights */
  candidates: BoardItem[];
  onChoose(path: string): void;
  onClose(): void;
}

/** Keyboard pairing: a filterable list of the other model's layers; Up/Down, Enter, Escape. */
export function PartnerPicker({ from, mapping, candidates, onChoose, onClose }: Props) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const kindOf = useMemo(() => {
    const p = mapping.pairs.find((x) => (from.side === 'a' ? x.a : x.b) === from.path);
    if (p) return from.side === 'a' ? p.kindA : p.kindB;
    return (from.side === 'a' ? mapping.unmappedA : mapping.unmappedB).find((u) => u.path === from.path)?.kind ?? '';
  }, [mapping, from]);
  const partnerOf = useMemo(() => new Map(mapping.pairs.map((p) => (from.side === 'a' ? [p.b, p.a] : [p.a, p.b]))), [mapping, from.side]);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? candidates.filter((c) => `${c.path} ${c.kind}`.toLowerCase().includes(q)) : candidates;
  }, [candidates, query]);
  const current = Math.min(active, Math.max(0, shown.length - 1));

  useEffect(() => { input.current?.focus(); }, []);
  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-index="${current}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive(Math.min(shown.length - 1, current + 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive(Math.max(0, current - 1)); }
    else if (e.key === 'Enter') { e.preventDefault(); if (shown[current]) onChoose(shown[current].path); }
    else if (e.key === 'Escape') { e.preventDefault(); onClose(); }
  };
  const other = from.side === 'a' ? 'B' : 'A';

  return (
    <div className="map-picker" role="dialog" aria-label={`Pick a partner in ${other}`} data-testid="partner-picker" onKeyDown={onKey}>
      <div className="map-picker-head">
        <span>Pair <code>{from.path || '(root)'}</code> <span className="muted">{kindOf}</span> ({from.side.toUpperCase()}) with a layer of {other}</span>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onClose}>Close</button>
      </div>
      <input
        ref={input}
        className="filter"
        placeholder={`Filter ${other}'s layers by name or kind`}
        value={query}
        onChange={(e) => { setQuery(e.target.value); setActive(0); }}
        data-testid="partner-filter"
        aria-controls="partner-list"
      />
      <ul ref={list} id="partner-list" className="map-picker-list" role="listbox">
        {shown.map((c, i) => (
          <li
            key={c.path}
            role="option"
            aria-selected={i === current}
            data-index={i}
            data-testid="partner-option"
            data-path={c.path}
            className={i === current ? 'is-active' : undefined}
            onMouseEnter={() => setActive(i)}
            onClick={() => onChoose(c.path)}
          >
            <span className="mono strong">{c.path || '(root)'}</span>
            <span className="muted">{c.kind}</span>
            <span className="mono muted">{c.shape ? formatShape(c.shape) : ''}</span>
            <span className="map-picker-now">
              {partnerOf.has(c.path) ? <>now with <code>{partnerOf.get(c.path)}</code></> : <StatusPill status={c.status} />}
            </span>
          </li>
        ))}
        {shown.length === 0 && <li className="muted map-picker-empty">No layer of {other} matches “{query}”.</li>}
      </ul>
    </div>
  );
}
