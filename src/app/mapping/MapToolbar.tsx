import { useRef, type ChangeEvent } from 'react';
import type { Mapping } from '../../core/mapping/types';
import type { ModelDocView } from '../../core/model/types';
import { useMapping } from './mappingStore';
import { downloadMapping, readMappingFile } from './mappingFiles';
import { StatusPill } from './StatusPill';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';

function Count({ n, label, tone, testId }: { n: number; label: string; tone?: string; testId: string }) {
  return <span className={`map-count${tone && n ? ` is-${tone}` : ''}`} data-testid={testId} data-value={n}><b>{n}</b> {label}</span>;
}

/** The mapping's status and counts, and what can be done to it as a whole. */
export function MapToolbar({ mapping, docA, docB }: { mapping: Mapping; docA: ModelDocView; docB: ModelDocView }) {
  const canUndo = useMapping((s) => s.past.length > 0), canRedo = useMapping((s) => s.future.length > 0);
  const busy = useMapping((s) => s.busy), showWeightless = useMapping((s) => s.showWeightless);
  const { undo, redo, rerun, toggleWeightless, importText } = useMapping.getState();
  const input = useRef<HTMLInputElement>(null);
  const c = mapping.counts;
  const onPick = (e: ChangeEvent<HTMLInputElement>): void => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    if (!files.length) return;
    void readMappingFile(files).then(
      ({ text, name }) => importText(text, name),
      (err: unknown) => useMapping.setState({ notice: { tone: 'error', text: err instanceof Error ? err.message : String(err) } }),
    );
  };
  return (
    <div className="map-toolbar">
      <div className="map-bar-row">
      <div className="map-files" title={`${docA.fileName} ⇄ ${docB.fileName}`}>
        <span className="slot-badge">A</span><span className="map-file" data-testid="map-file-a">{docA.fileName}</span>
        <span className="map-arrow" aria-hidden="true">⇄</span>
        <span className="slot-badge">B</span><span className="map-file" data-testid="map-file-b">{docB.fileName}</span>
      </div>
      <StatusPill status={mapping.status} testId="map-status" />
      <div className="map-counts">
        <Count n={c.pairs} label={c.pairs === 1 ? 'pair' : 'pairs'} testId="map-count-pairs" />
        <Count n={c.ok} label="ok" tone="ok" testId="map-count-ok" />
        <Count n={c.attention} label="attention" tone="needs-attention" testId="map-count-attention" />
        <Count n={c.incompatible} label="incompatible" tone="incompatible" testId="map-count-incompatible" />
        <Count n={c.unmappedA + c.unmappedB} label="unmapped" tone="unmapped" testId="map-count-unmapped" />
        <span className="map-count muted" title="model tensors covered by a tensor pair (or dropped on purpose)">
          tensors {c.mappedA}/{c.tensorsA} A · {c.mappedB}/{c.tensorsB} B
        </span>
      </div>
      <span className="spacer" />
      {busy && <span className="spinner sm" aria-label="working" data-testid="map-busy" />}
      </div>
      <div className="map-bar-row">
      <div className="map-legend" aria-label="Colours">
        <span className="is-ok">ok</span><span className="is-needs-attention">needs attention</span>
        <span className="is-incompatible">incompatible</span><span className="is-unmapped">unmapped</span>
        <span className="is-weightless">no weights</span>
      </div>
      <span className="spacer" />
      <label className="map-toggle">
        <input type="checkbox" checked={showWeightless} onChange={toggleWeightless} data-testid="toggle-weightless" /> layers without weights
      </label>
      <div className="btn-group">
        <button type="button" className="btn btn-sm" onClick={undo} disabled={!canUndo || busy} data-testid="map-undo" title={`Undo (${MOD}Z)`}>↶ Undo</button>
        <button type="button" className="btn btn-sm" onClick={redo} disabled={!canRedo || busy} data-testid="map-redo" title={`Redo (${isMac ? '⇧⌘Z' : 'Shift+Ctrl+Z'})`}>↷ Redo</button>
      </div>
      <button type="button" className="btn btn-sm" onClick={rerun} disabled={busy} data-testid="map-automap" title="Pair the layers automatically again (undoable)">Auto-map</button>
      <button type="button" className="btn btn-sm" onClick={() => input.current?.click()} data-testid="map-import" title="Open a mapping JSON, checked against these two files (or drop it here)">Import…</button>
      <input ref={input} type="file" accept=".json,application/json" hidden onChange={onPick} data-testid="map-import-input" />
      <button type="button" className="btn btn-sm btn-primary" onClick={() => downloadMapping(mapping)} data-testid="map-export">Export JSON</button>
      </div>
    </div>
  );
}
