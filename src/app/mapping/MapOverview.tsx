import type { Mapping } from '../../core/mapping/types';
import { useMapping } from './mappingStore';
import { StatusPill } from './StatusPill';
import { Ticks } from './Ticks';

/** With nothing selected: what needs a look, and how to fix pairs by hand. */
export function MapOverview({ mapping }: { mapping: Mapping }) {
  const select = useMapping((s) => s.select);
  const flagged = mapping.pairs.filter((p) => p.status !== 'ok');
  const unmapped = [...mapping.unmappedA.map((u) => ({ ...u, side: 'a' as const })), ...mapping.unmappedB.map((u) => ({ ...u, side: 'b' as const }))];
  return (
    <div className="map-overview" data-testid="map-overview">
      <h4 className="section-title">Needs a look <span className="section-count">{flagged.length + unmapped.length}</span></h4>
      {flagged.length + unmapped.length === 0 && (
        <p className="map-clean">Every layer with weights is paired and every tensor pair's shapes check out.</p>
      )}
      <ul className="map-flagged">
        {flagged.map((p) => (
          <li key={p.id}>
            <button type="button" className="map-flag" onClick={() => select({ kind: 'pair', id: p.id })} data-testid="flagged-pair" data-pair={p.id}>
              <span className="map-flag-head"><code>{p.a || '(root)'}</code> ↔ <code>{p.b || '(root)'}</code><span className="spacer" /><StatusPill status={p.status} /></span>
              <span className="map-flag-msg"><Ticks text={p.problems.find((x) => x.severity !== 'info')?.message ?? p.problems[0]?.message ?? ''} /></span>
            </button>
          </li>
        ))}
        {unmapped.map((u) => (
          <li key={`${u.side}:${u.path}`}>
            <button type="button" className="map-flag" onClick={() => select({ kind: 'layer', side: u.side, path: u.path })} data-testid="flagged-layer">
              <span className="map-flag-head"><span className="slot-badge">{u.side.toUpperCase()}</span><code>{u.path || '(root)'}</code><span className="muted">{u.kind}</span><span className="spacer" /><StatusPill status="unmapped" /></span>
              <span className="map-flag-msg"><Ticks text={u.why} /></span>
            </button>
          </li>
        ))}
      </ul>
      <h4 className="section-title">Fixing pairs by hand</h4>
      <ul className="map-help">
        <li>Click a layer or a line to see its tensors, their transforms and problems.</li>
        <li>Drag a layer onto a layer of the other model to pair them (either pair they were in is undone).</li>
        <li>Or with the keyboard: <kbd>↑</kbd> <kbd>↓</kbd> move, <kbd>←</kbd> <kbd>→</kbd> switch sides, <kbd>Enter</kbd> picks a partner from a list, <kbd>Delete</kbd> unpairs.</li>
        <li><kbd>Ctrl</kbd>+<kbd>Z</kbd> undoes, <kbd>Shift</kbd>+<kbd>Ctrl</kbd>+<kbd>Z</kbd> redoes. Export saves the mapping as JSON; import (or drop) one to reuse it on other checkpoints.</li>
      </ul>
    </div>
  );
}
