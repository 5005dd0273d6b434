import { useCallback } from 'react';
import { useSlots } from '../store/slotsStore';
import type { SlotState } from '../store/types';
import { useFileDrop } from '../components/useFileDrop';
import { useMapping } from './mappingStore';
import { MapToolbar } from './MapToolbar';
import { LayerBoard } from './LayerBoard';
import { MapDetails } from './MapDetails';
import { NoticeBar } from './NoticeBar';
import { useMapShortcuts } from './useMapShortcuts';
import { readMappingFile } from './mappingFiles';

function slotLine(label: string, s: SlotState) {
  const text = s.status === 'loaded' ? s.doc.fileName : s.status === 'empty' ? 'empty' : s.status === 'opening' ? `opening ${s.fileName}…` : `${s.fileName} could not be read`;
  return <li data-testid={`map-needs-${label}`}><span className="slot-badge">{label}</span> {text}</li>;
}

/** The layers of the left (A) and right (B) models side by side, paired, with the pair's details. */
export function MappingView() {
  const left = useSlots((s) => s.slots.left), right = useSlots((s) => s.slots.right);
  const phase = useMapping((s) => s.phase), mapping = useMapping((s) => s.mapping), error = useMapping((s) => s.error);
  const { setMode, importText } = useMapping.getState();
  useMapShortcuts();

  const onFiles = useCallback((files: File[]) => {
    void readMappingFile(files).then(
      ({ text, name }) => importText(text, name),
      (e: unknown) => useMapping.setState({ notice: { tone: 'error', text: e instanceof Error ? e.message : String(e) } }),
    );
  }, [importText]);
  const { dragging, handlers } = useFileDrop(onFiles);

  if (left.status !== 'loaded' || right.status !== 'loaded') {
    return (
      <section className="mapping mapping-empty" data-testid="mapping-view" data-phase="idle">
        <div className="map-empty-box">
          <p className="dropzone-title">Open a model in each slot to map their layers</p>
          <ul className="map-needs">{slotLine('A', left)}{slotLine('B', right)}</ul>
          <button type="button" className="btn btn-primary" onClick={() => setMode('inspect')}>Back to the slots</button>
        </div>
      </section>
    );
  }

  return (
    <section
      className={`mapping${dragging ? ' is-dragging' : ''}`}
      data-testid="mapping-view"
      data-phase={phase}
      data-status={mapping?.status}
      aria-label="Layer mapping"
      {...handlers}
    >
      {phase === 'error' && (
        <div className="error-box map-error" data-testid="map-error"><p className="error-message">Could not map the layers: {error}</p></div>
      )}
      {(phase === 'mapping' || phase === 'idle') && (
        <div className="opening" data-testid="map-working"><div className="spinner" /><p>Matching the layers of {left.doc.fileName} and {right.doc.fileName}…</p><p className="muted">Every layer is weighed against every layer of the other model: models with hundreds of layers take a few seconds.</p></div>
      )}
      {phase === 'ready' && mapping && (
        <>
          <MapToolbar mapping={mapping} docA={left.doc} docB={right.doc} />
          <NoticeBar />
          <div className="map-main">
            <LayerBoard mapping={mapping} docA={left.doc} docB={right.doc} />
            <MapDetails mapping={mapping} docA={left.doc} docB={right.doc} />
          </div>
        </>
      )}
      {dragging && <div className="drop-overlay" aria-hidden="true">Drop a mapping JSON to import it</div>}
    </section>
  );
}
